using Nereid.Domain.Namespaces;

namespace Nereid.Domain.Tests.Namespaces;

public sealed class NamespaceNameTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("ocean-lab")]
    [InlineData("lab2")]
    [InlineData("0lab")]
    public void Check_ValidDns1123Label_Accepted(string name) => NamespaceName.Check(name).ShouldBeNull();

    [Fact]
    public void Check_63Characters_AcceptedAnd64Refused()
    {
        NamespaceName.Check(new string('a', 63)).ShouldBeNull();
        NamespaceName.Check(new string('a', 64))!.ShouldContain("at most 63");
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("Lab", "lower case")]
    [InlineData("-lab", "start and end")]
    [InlineData("lab-", "start and end")]
    [InlineData("a.b", "dots")]
    [InlineData("la b", "only a-z")]
    [InlineData("laß", "only a-z")]
    [InlineData("default", "reserved")]
    [InlineData("kube-public", "reserved")]
    [InlineData("nereid-system", "reserved")]
    public void Check_BrokenRule_MessageNamesIt(string name, string words) =>
        NamespaceName.Check(name)!.ShouldContain(words, Case.Insensitive);

    [Fact]
    public void Check_OperatorReservedPrefix_Refused()
    {
        NamespaceName.Check("staff-ops", ["staff-*"])!.ShouldContain("reserved");
        NamespaceName.Check("staffing", ["staff-*"]).ShouldBeNull();
    }
}
