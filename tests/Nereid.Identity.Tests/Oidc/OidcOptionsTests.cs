using Microsoft.Extensions.Configuration;
using Nereid.Identity.Oidc;

namespace Nereid.Identity.Tests.Oidc;

public sealed class OidcOptionsTests
{
    [Fact]
    public void EffectiveScopes_CILogonAuthority_AddsCILogonUserinfoScope()
    {
        var issuer = new OidcIssuerOptions { Name = "cilogon", Authority = "https://cilogon.org", ClientId = "c" };
        issuer.EffectiveScopes().ShouldBe(["openid", "profile", "email", "org.cilogon.userinfo"]);
    }

    [Fact]
    public void EffectiveScopes_OtherAuthority_DefaultsToOpenIdProfileEmail()
    {
        var issuer = new OidcIssuerOptions { Name = "kc", Authority = "https://keycloak.example.edu/realms/x", ClientId = "c" };
        issuer.EffectiveScopes().ShouldBe(["openid", "profile", "email"]);
    }

    [Theory]
    [InlineData("http://idp.example.edu")]
    [InlineData("not a url")]
    public void Validate_NonHttpsAuthorityOffLoopback_Throws(string authority)
    {
        var issuer = new OidcIssuerOptions { Name = "x", Authority = authority, ClientId = "c" };
        Should.Throw<InvalidOperationException>(issuer.Validate);
    }

    [Fact]
    public void Validate_HmacAlgorithmAllowed_Throws()
    {
        var issuer = new OidcIssuerOptions { Name = "x", Authority = "https://idp.example.edu", ClientId = "c", AllowedAlgorithms = ["RS256", "HS256"] };
        Should.Throw<InvalidOperationException>(issuer.Validate);
    }

    [Fact]
    public void Bind_ConfigurationSection_ReadsIssuersAndClaimMap()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Nereid:Identity:Oidc:Issuers:0:Name"] = "cilogon",
            ["Nereid:Identity:Oidc:Issuers:0:Authority"] = "https://cilogon.org",
            ["Nereid:Identity:Oidc:Issuers:0:ClientId"] = "cilogon:/client_id/1",
            ["Nereid:Identity:Oidc:Issuers:0:ClockSkew"] = "00:00:30",
            ["Nereid:Identity:Oidc:Issuers:0:ClaimMap:Email"] = "mail",
        }).Build();

        var options = config.GetSection(NereidOidcOptions.SectionName).Get<NereidOidcOptions>()!;

        options.Validate();
        var issuer = options.Issuers.ShouldHaveSingleItem();
        issuer.SchemeName.ShouldBe("oidc-cilogon");
        issuer.ClockSkew.ShouldBe(TimeSpan.FromSeconds(30));
        issuer.ClaimMap.Email.ShouldBe("mail");
        issuer.ClaimMap.Subject.ShouldBe("sub");
        issuer.EffectiveAlgorithms().ShouldBe(["RS256", "ES256", "PS256"]);
        issuer.EffectiveCallbackPath().ShouldBe("/signin-oidc/cilogon");
    }
}
