using Nereid.Server.Slurm;

namespace Nereid.Server.Tests.Slurm;

public sealed class SlurmClusterOptionsValidatorTests
{
    private static SlurmClusterOptions Valid(string name = "psi-batch") => new()
    {
        Name = name, RestUrl = "https://slurm.example.edu:6820/", ClusterName = "merlin", UserName = "nereid-slurm",
        TokenFile = "/etc/nereid/slurm.jwt", Namespaces = ["physics"],
    };

    [Fact]
    public void Validate_CompleteCluster_Succeeds() =>
        new SlurmClusterOptionsValidator().Validate(null, [Valid()]).Succeeded.ShouldBeTrue();

    [Fact]
    public void Validate_EmptyList_Succeeds() =>
        new SlurmClusterOptionsValidator().Validate(null, []).Succeeded.ShouldBeTrue();

    [Fact]
    public void Validate_BothOrNoCredentials_FailsNamingTheField()
    {
        var both = Valid();
        both.Token = "eyJ...";
        var none = Valid("other");
        none.TokenFile = null;

        var result = new SlurmClusterOptionsValidator().Validate(null, [both, none]);

        result.Failed.ShouldBeTrue();
        result.Failures!.Count(f => f.Contains("exactly one of Token and TokenFile", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public void Validate_BadNamesAndDuplicate_ListsEveryProblem()
    {
        var bad = Valid();
        bad.ClusterName = "Merlin Cluster";
        bad.UserName = "Not A User";
        bad.RestUrl = "ftp://slurm.example.edu/";

        var result = new SlurmClusterOptionsValidator().Validate(null, [bad, Valid()]);

        result.Failures!.ShouldContain(f => f.Contains("ClusterName", StringComparison.Ordinal));
        result.Failures!.ShouldContain(f => f.Contains("UserName", StringComparison.Ordinal));
        result.Failures!.ShouldContain(f => f.Contains("http or https", StringComparison.Ordinal));
        result.Failures!.ShouldContain(f => f.Contains("'psi-batch' appears twice", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("physics", true)]
    [InlineData("chemistry", false)]
    public void Places_ListedNamespace_OnlyThatOne(string ns, bool expected) => Valid().Places(ns).ShouldBe(expected);

    [Fact]
    public void Places_Wildcard_EveryNamespace()
    {
        var all = Valid();
        all.Namespaces = ["*"];

        all.Places("anything").ShouldBeTrue();
    }
}
