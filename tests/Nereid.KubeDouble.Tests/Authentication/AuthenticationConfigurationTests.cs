using Nereid.KubeDouble.Auth;

namespace Nereid.KubeDouble.Tests.Authentication;

/// <summary>The apiserver refuses to start with an invalid <c>AuthenticationConfiguration</c>; so does the double.</summary>
public sealed class AuthenticationConfigurationTests
{
    private static string Config(string issuer = "https://nereid.example.edu/", string username = "claim: email\n      prefix: \"oidc:\"",
        string audiences = "[k8s]") => $"""
        apiVersion: apiserver.config.k8s.io/v1
        kind: AuthenticationConfiguration
        jwt:
        - issuer:
            url: {issuer}
            audiences: {audiences}
          claimMappings:
            username:
              {username}
            groups:
              claim: groups
              prefix: ""
        """;

    [Fact, Trait("Rule", "[AN] jwt: a valid configuration")]
    public void Load_ValidConfiguration_ReadsIssuerAudiencesAndMappings()
    {
        var jwt = AuthenticationConfiguration.Load(Config()).Jwt.ShouldHaveSingleItem();

        jwt.IssuerUrl.ShouldBe("https://nereid.example.edu/");
        jwt.Audiences.ShouldBe(["k8s"]);
        jwt.Username.ShouldBe(new ClaimMapping("email", "oidc:"));
        jwt.Groups.ShouldBe(new ClaimMapping("groups", ""));
    }

    [Fact, Trait("Rule", "[AN] jwt claimMappings.username.prefix: required when claim is set")]
    public void Load_UsernameClaimWithoutPrefix_Refused() =>
        Should.Throw<FormatException>(() => AuthenticationConfiguration.Load(Config(username: "claim: email")))
            .Message.ShouldContain("claimMappings.username.prefix");

    [Fact, Trait("Rule", "[AN] jwt issuer.url: https")]
    public void Load_PlainHttpIssuerOffLoopback_Refused() =>
        Should.Throw<FormatException>(() => AuthenticationConfiguration.Load(Config(issuer: "http://nereid.example.edu")))
            .Message.ShouldContain("https");

    [Fact, Trait("Rule", "[AN] jwt issuer.audienceMatchPolicy: MatchAny for several audiences")]
    public void Load_TwoAudiencesWithoutMatchPolicy_Refused() =>
        Should.Throw<FormatException>(() => AuthenticationConfiguration.Load(Config(audiences: "[a, b]")))
            .Message.ShouldContain("audienceMatchPolicy");

    [Fact, Trait("Rule", "[AN] jwt claimMappings.username: CEL")]
    public void Load_CelExpression_RefusedAsUnsupported() =>
        Should.Throw<FormatException>(() => AuthenticationConfiguration.Load(Config(username: "expression: 'claims.email'")))
            .Message.ShouldContain("not supported");
}
