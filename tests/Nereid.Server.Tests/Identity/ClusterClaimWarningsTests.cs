using Nereid.Identity.Oidc;
using Nereid.Server.Clusters;
using Nereid.Server.Identity;

namespace Nereid.Server.Tests.Identity;

public sealed class ClusterClaimWarningsTests
{
    private static readonly ClusterPublicInfo Info = new("https://api.example:6443", "pem", "nereid-cli", null);

    private static ObservedIdTokenClaims Seen(params string[] claims) =>
        new("https://idp.example", "nereid-cli", claims.ToHashSet(StringComparer.Ordinal), DateTimeOffset.UnixEpoch);

    [Fact]
    public void For_IdTokensWithoutEmail_WarnsThatKubectlIsRefused()
    {
        var warnings = ClusterClaimWarnings.For("west", Info, Seen("sub", "iss", "aud", "exp", "groups")).ToList();

        var warning = warnings.ShouldHaveSingleItem();
        warning.Claim.ShouldBe("email");
        warning.Setting.ShouldBe("UsernameClaim");
        warning.Consequence.ShouldContain("refuses kubectl");
    }

    [Fact]
    public void For_IdTokensWithoutGroups_WarnsThatGroupBindingsDoNotApply()
    {
        var warning = ClusterClaimWarnings.For("west", Info with { UsernameClaim = "sub" }, Seen("sub", "email")).ShouldHaveSingleItem();

        warning.Claim.ShouldBe("groups");
        warning.Setting.ShouldBe("GroupsClaim");
    }

    [Fact]
    public void For_BothClaimsPresentOrNothingSeenYet_NoWarning()
    {
        ClusterClaimWarnings.For("west", Info, Seen("sub", "email", "groups")).ShouldBeEmpty();
        ClusterClaimWarnings.For("west", Info, null).ShouldBeEmpty();
    }

    [Fact]
    public void Find_OtherClientOnly_FallsBackToTheIssuersLatestObservation()
    {
        var observations = new IdTokenClaimObservations();
        observations.Record("https://idp.example/", "portal", ["sub", "email"], DateTimeOffset.UnixEpoch);
        observations.Record("https://idp.example", "portal-2", ["sub"], DateTimeOffset.UnixEpoch.AddMinutes(1));
        observations.Record("https://other.example", "nereid-cli", ["sub", "email", "groups"], DateTimeOffset.UnixEpoch.AddMinutes(2));

        observations.Find("https://idp.example", "nereid-cli")!.ClientId.ShouldBe("portal-2");
        observations.Find("https://idp.example", "portal")!.ClaimNames.ShouldContain("email");
        observations.Find("https://nobody.example", "nereid-cli").ShouldBeNull();
    }
}
