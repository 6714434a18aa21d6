using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tests.Authentication;

/// <summary>
/// Structured authentication configuration (SEMANTICS.md [AN], "Structured Authentication Configuration", <c>jwt</c>
/// authenticators): bearer JWTs of a configured issuer are verified against its JWKS and mapped to a prefixed user and
/// groups, which RBAC then authorizes; anything wrong with the token is 401.
/// </summary>
public sealed class StructuredAuthenticationTests(StructuredAuthenticationTests.Fixture fx) : IClassFixture<StructuredAuthenticationTests.Fixture>
{
    public const string Audience = "kubernetes-lab";

    public sealed class Fixture : IAsyncLifetime
    {
        public TestIssuer Issuer { get; private set; } = null!;
        public TestIssuer Other { get; private set; } = null!;
        public KubeApiDouble Kube { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Issuer = await TestIssuer.StartAsync();
            Other = await TestIssuer.StartAsync();
            Kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions
            {
                AuthenticationConfiguration = $"""
                    apiVersion: apiserver.config.k8s.io/v1
                    kind: AuthenticationConfiguration
                    jwt:
                    - issuer:
                        url: {Issuer.Url}
                        audiences: [{Audience}]
                      claimValidationRules:
                      - claim: tier
                        requiredValue: user
                      claimMappings:
                        username:
                          claim: email
                          prefix: "oidc:"
                        groups:
                          claim: groups
                          prefix: "oidc:"
                    """,
                SeedObjects =
                [
                    new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "lab" } },
                    new JsonObject
                    {
                        ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "RoleBinding",
                        ["metadata"] = new JsonObject { ["name"] = "members", ["namespace"] = "lab" },
                        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = "view" },
                        ["subjects"] = new JsonArray(new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Group", ["name"] = "oidc:ns:lab" }),
                    },
                ],
            }, CancellationToken.None);
        }

        public async Task DisposeAsync()
        {
            await Kube.DisposeAsync();
            await Issuer.DisposeAsync();
            await Other.DisposeAsync();
        }
    }

    private JsonObject Claims(params string[] groups)
    {
        var claims = fx.Issuer.Claims(Audience, "ada@example.edu", groups);
        claims["tier"] = "user";
        return claims;
    }

    private async Task<HttpStatusCode> ListPodsAsync(string token)
    {
        using var client = fx.Kube.CreateClient(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync("/api/v1/namespaces/lab/pods");
        return response.StatusCode;
    }

    /// <summary>Sends <paramref name="token"/>, expects 401, and returns the reason the authenticator gave.</summary>
    private async Task<string> RefusedAsync(string token)
    {
        var before = fx.Kube.JwtAuthenticator!.Refusals.Count;
        (await ListPodsAsync(token)).ShouldBe(HttpStatusCode.Unauthorized);
        return fx.Kube.JwtAuthenticator.Refusals.Skip(before).ShouldHaveSingleItem();
    }

    [Fact, Trait("Rule", "[AN] jwt claimMappings: username and groups prefixed")]
    public async Task Authenticate_ValidToken_UserAndGroupsCarryTheirPrefixes()
    {
        var outcome = await fx.Kube.JwtAuthenticator!.AuthenticateAsync(fx.Issuer.Sign(Claims("ns:lab", "ns:lab:admin")), CancellationToken.None);

        outcome.Error.ShouldBeNull();
        outcome.User.ShouldNotBeNull().Name.ShouldBe("oidc:ada@example.edu");
        outcome.User.Groups.ShouldBe(["oidc:ns:lab", "oidc:ns:lab:admin"]);
    }

    [Fact, Trait("Rule", "[AN] jwt: RBAC applies to the mapped groups")]
    public async Task ListPods_GroupBoundInNamespace_AllowedWithoutTheGroupForbidden()
    {
        var member = await ListPodsAsync(fx.Issuer.Sign(Claims("ns:lab")));
        var stranger = await ListPodsAsync(fx.Issuer.Sign(Claims("ns:other")));

        (member, stranger).ShouldBe((HttpStatusCode.OK, HttpStatusCode.Forbidden));
    }

    [Fact, Trait("Rule", "[AN] jwt: signature verified against the issuer's JWKS")]
    public async Task ListPods_SignedByAnotherKeyUnderTheSameKid_401()
    {
        using var forger = System.Security.Cryptography.RSA.Create(2048);

        (await RefusedAsync(fx.Issuer.Sign(Claims("ns:lab"), forger))).ShouldContain("failed to verify signature");
    }

    [Fact, Trait("Rule", "[AN] jwt: RS256 only; alg none and HS256 never verify")]
    public async Task ListPods_AlgNoneOrHs256_401()
    {
        var none = await RefusedAsync(fx.Issuer.Sign(Claims("ns:lab"), alg: "none"));
        var hs256 = await RefusedAsync(fx.Issuer.Sign(Claims("ns:lab"), alg: "HS256"));

        none.ShouldContain("unsupported algorithm");
        hs256.ShouldContain("unsupported algorithm");
    }

    [Fact, Trait("Rule", "[AN] jwt issuer.audiences: aud must contain one of them")]
    public async Task ListPods_WrongAudience_401()
    {
        var claims = Claims("ns:lab");
        claims["aud"] = new JsonArray("jupyterhub", "grafana");

        (await RefusedAsync(fx.Issuer.Sign(claims))).ShouldContain("expected audience");
    }

    [Fact, Trait("Rule", "[AN] jwt: exp in the past is refused")]
    public async Task ListPods_Expired_401()
    {
        var claims = Claims("ns:lab");
        claims["exp"] = DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeSeconds();

        (await RefusedAsync(fx.Issuer.Sign(claims))).ShouldContain("token is expired");
    }

    [Fact, Trait("Rule", "[AN] jwt: nbf beyond the clock skew is refused")]
    public async Task ListPods_NotYetValid_401()
    {
        var claims = Claims("ns:lab");
        claims["nbf"] = DateTimeOffset.UtcNow.AddMinutes(6).ToUnixTimeSeconds();

        (await RefusedAsync(fx.Issuer.Sign(claims))).ShouldContain("nbf");
    }

    [Fact, Trait("Rule", "[AN] jwt issuer.url: only configured issuers")]
    public async Task ListPods_TokenOfAnotherIssuer_401AndNotHandledByTheJwtAuthenticator()
    {
        var claims = fx.Other.Claims(Audience, "ada@example.edu", "ns:lab");
        claims["tier"] = "user";
        var token = fx.Other.Sign(claims);

        (await ListPodsAsync(token)).ShouldBe(HttpStatusCode.Unauthorized);
        (await fx.Kube.JwtAuthenticator!.AuthenticateAsync(token, CancellationToken.None)).ShouldBe(JwtOutcomeNotHandled);
    }

    private static readonly Auth.JwtOutcome JwtOutcomeNotHandled = Auth.JwtOutcome.NotHandled;

    [Fact, Trait("Rule", "[AN] jwt: iss names the configured issuer but another issuer signed it")]
    public async Task ListPods_OtherIssuersKeyClaimingOurIssuer_401()
    {
        var token = fx.Other.Sign(Claims("ns:lab"), kid: fx.Issuer.Current.Kid);

        (await RefusedAsync(token)).ShouldContain("failed to verify signature");
    }

    [Fact, Trait("Rule", "[AN] jwt claimMappings.username: email with email_verified false")]
    public async Task ListPods_EmailNotVerified_401()
    {
        var claims = Claims("ns:lab");
        claims["email_verified"] = false;

        (await RefusedAsync(fx.Issuer.Sign(claims))).ShouldBe("oidc: email not verified");
    }

    [Fact, Trait("Rule", "[AN] jwt claimMappings.username: the claim must be present")]
    public async Task ListPods_UsernameClaimMissing_401()
    {
        var claims = Claims("ns:lab");
        claims.Remove("email");

        (await RefusedAsync(fx.Issuer.Sign(claims))).ShouldContain("claim not present");
    }

    [Fact, Trait("Rule", "[AN] jwt claimValidationRules: claim and requiredValue")]
    public async Task ListPods_RequiredClaimDiffers_401()
    {
        var claims = Claims("ns:lab");
        claims["tier"] = "guest";

        (await RefusedAsync(fx.Issuer.Sign(claims))).ShouldContain("required claim tier");
    }

    [Fact, Trait("Rule", "[AN] jwt: groups claim as a single string")]
    public async Task Authenticate_GroupsClaimIsOneString_OnePrefixedGroup()
    {
        var claims = Claims();
        claims["groups"] = "ns:lab";

        var outcome = await fx.Kube.JwtAuthenticator!.AuthenticateAsync(fx.Issuer.Sign(claims), CancellationToken.None);

        outcome.User.ShouldNotBeNull().Groups.ShouldBe(["oidc:ns:lab"]);
    }

    [Fact, Trait("Rule", "[AN] jwt: keys re-read from jwks_uri for a key not yet seen")]
    public async Task ListPods_IssuerRotatedToANewKid_AcceptedAfterOneRefetch()
    {
        (await ListPodsAsync(fx.Issuer.Sign(Claims("ns:lab")))).ShouldBe(HttpStatusCode.OK);
        var reads = fx.Issuer.JwksReads;
        fx.Issuer.Rotate();

        var rotated = await ListPodsAsync(fx.Issuer.Sign(Claims("ns:lab")));
        var again = await ListPodsAsync(fx.Issuer.Sign(Claims("ns:lab")));

        (rotated, again).ShouldBe((HttpStatusCode.OK, HttpStatusCode.OK));
        fx.Issuer.JwksReads.ShouldBe(reads + 1);
    }
}
