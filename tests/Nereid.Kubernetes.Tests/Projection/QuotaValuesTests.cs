using Nereid.Kubernetes.Projection;

namespace Nereid.Kubernetes.Tests.Projection;

public sealed class QuotaValuesTests
{
    [Fact]
    public void Build_StoredAndConfiguredOverrides_StoredWinsOverConfiguredOverDefaults()
    {
        var snapshot = new NamespaceSnapshot("lab", "UCSD", ["PI"], "", [], [new MemberSnapshot("a@x.edu", true)],
            QuotaOverrides: new Dictionary<string, string> { ["requests.cpu"] = "100", ["requests.memory"] = "300Gi" },
            StoredQuota: new Dictionary<string, string> { ["requests.memory"] = "512Gi", ["requests.nvidia.com/a100"] = "2" });

        var hard = NamespaceProjection.Build(snapshot, new ProjectionOptions()).Quota.Spec!.Hard!;

        hard.ToDictionary(kv => kv.Key, kv => kv.Value.ToString()).ShouldBe(new Dictionary<string, string>
        {
            ["requests.cpu"] = "100", ["requests.memory"] = "512Gi", ["requests.nvidia.com/a100"] = "2", ["requests.nvidia.com/gpu"] = "8",
        });
    }

    [Theory]
    [InlineData("requests.memory")]
    [InlineData("requests.nvidia.com/gpu")]
    [InlineData("count/deployments.apps")]
    [InlineData("limits.cpu")]
    public void CheckResourceName_KubernetesQualifiedNames_Accepted(string name) => QuotaValues.CheckResourceName(name).ShouldBeNull();

    [Theory]
    [InlineData("")]
    [InlineData("Bad Name")]
    [InlineData("-leading")]
    [InlineData("requests.nvidia.com/")]
    [InlineData("Requests.NVIDIA.com/gpu")]
    [InlineData("a/b/c")]
    public void CheckResourceName_Invalid_Explains(string name) => QuotaValues.CheckResourceName(name).ShouldNotBeNullOrEmpty();

    [Theory]
    [InlineData("8", "8")]
    [InlineData(" 524288Mi ", "512Gi")]
    [InlineData("1500m", "1500m")]
    public void Canonical_Quantities_CanonicalForm(string value, string expected)
    {
        QuotaValues.Canonical("r", value, out var error).ShouldBe(expected);
        error.ShouldBeNull();
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("-1")]
    [InlineData("")]
    [InlineData(null)]
    public void Canonical_NotANonNegativeQuantity_Error(string? value)
    {
        QuotaValues.Canonical("r", value, out var error).ShouldBeNull();
        error.ShouldNotBeNullOrEmpty();
    }
}
