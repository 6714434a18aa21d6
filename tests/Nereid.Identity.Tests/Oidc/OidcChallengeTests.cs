using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace Nereid.Identity.Tests.Oidc;

public sealed class OidcChallengeTests : IAsyncLifetime
{
    private TestIssuer _idp = null!;
    private LoginTestApp _app = null!;
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    public async Task InitializeAsync()
    {
        _idp = await TestIssuer.StartAsync();
        _app = await LoginTestApp.StartAsync(new Dictionary<string, string> { ["campus"] = _idp.Issuer }, clientSecret: null);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _idp.DisposeAsync();
    }

    [Fact]
    public async Task Challenge_PublicClient_RedirectsToDiscoveredEndpointWithPkceNonceAndState()
    {
        using var response = await _http.GetAsync(_app.BaseUrl + "/challenge/campus");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!;
        location.GetLeftPart(UriPartial.Path).ShouldBe(_idp.Issuer + "/auth");
        var q = QueryHelpers.ParseQuery(location.Query);
        q["response_type"].ToString().ShouldBe("code");
        q["client_id"].ToString().ShouldBe(Nereid.TestSupport.Oidc.OidcProviderServer.PortalClientId);
        q["redirect_uri"].ToString().ShouldBe(_app.BaseUrl + "/signin-oidc/campus");
        q["scope"].ToString().Split(' ').ShouldContain("openid");
        q["code_challenge_method"].ToString().ShouldBe("S256");
        q["code_challenge"].ToString().Length.ShouldBe(43);
        q["nonce"].ToString().Length.ShouldBeGreaterThanOrEqualTo(43);
        q["state"].ToString().ShouldNotBeNullOrEmpty();
        // The correlation cookie carries nothing secret in clear; the verifier and nonce live only in the protected state.
        response.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith(".AspNetCore.Correlation."));
    }

    [Fact]
    public async Task Challenge_TwoLogins_UseDifferentNoncesAndChallenges()
    {
        using var a = await _http.GetAsync(_app.BaseUrl + "/challenge/campus");
        using var b = await _http.GetAsync(_app.BaseUrl + "/challenge/campus");
        var qa = QueryHelpers.ParseQuery(a.Headers.Location!.Query);
        var qb = QueryHelpers.ParseQuery(b.Headers.Location!.Query);
        qa["nonce"].ToString().ShouldNotBe(qb["nonce"].ToString());
        qa["code_challenge"].ToString().ShouldNotBe(qb["code_challenge"].ToString());
        CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(qa["state"].ToString()), System.Text.Encoding.ASCII.GetBytes(qb["state"].ToString())).ShouldBeFalse();
    }
}
