using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;
using OpenIddict.Core;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.FunctionalTests.Provider;

/// <summary>Refusals the provider owes beyond the code-flow ones: expired codes, suspended people, HS256 keyed with the public key.</summary>
public sealed class ProviderNegativeTests : IClassFixture<ProviderNegativeTests.ClockedProviderApp>
{
    /// <summary>The provider with OpenIddict's clock under the test's control (sessions keep the real one).</summary>
    public sealed class ClockedProviderApp : NereidAppFactory
    {
        public ClockedProviderApp()
        {
            With("Nereid:Provider:AllowHttp", "true");
        }

        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.PostConfigure<OpenIddictServerOptions>(o => o.TimeProvider = Clock);
                services.PostConfigure<OpenIddictCoreOptions>(o => o.TimeProvider = Clock);
            });
        }
    }

    private readonly ClockedProviderApp _app;
    private readonly ProviderFlow _flow;

    public ProviderNegativeTests(ClockedProviderApp app)
    {
        _app = app;
        _flow = new ProviderFlow(app);
    }

    private async Task<(Person Person, PageClient Browser)> SignedInAsync()
    {
        var userName = "neg-" + Guid.NewGuid().ToString("N")[..6];
        var person = await _app.CreatePersonAsync(userName, Tier.User);
        return (person, await PageClient.SignInAsync(_app, userName, userName + "-password"));
    }

    private async Task<JsonElement> TokensAsync(PageClient browser, ProviderFlow.Client client)
    {
        var pkce = ProviderFlow.Pkce.Create();
        var (status, body) = await _flow.RedeemAsync(client, await _flow.CodeAsync(browser, client, "openid profile offline_access", pkce), pkce.Verifier);
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        return body;
    }

    private async Task SuspendAsync(Person person)
    {
        using var platform = await _app.ClientForAsync(await _app.AdminAsync());
        using var response = await platform.PostAsJsonAsync($"/api/v1/people/{person.Id}/suspend", new { reason = "compromised laptop" });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Token_ExpiredCode_InvalidGrant()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var client = await _flow.RegisterAsync(confidential: false, Scopes.Profile);
        var pkce = ProviderFlow.Pkce.Create();
        var code = await _flow.CodeAsync(browser, client, "openid profile", pkce);

        // OpenIddict's default code lifetime is 5 minutes.
        _app.Clock.Advance(TimeSpan.FromMinutes(6));
        var (status, body) = await _flow.RedeemAsync(client, code, pkce.Verifier);

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString().ShouldBe(Errors.InvalidGrant);
        body.TryGetProperty("access_token", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Authorize_SuspendedPerson_NoCode()
    {
        var (person, browser) = await SignedInAsync();
        using var session = browser;
        var client = await _flow.RegisterAsync(confidential: false, Scopes.Profile);
        await SuspendAsync(person);

        var response = await ProviderFlow.AuthorizeAsync(browser, client, "openid profile", ProviderFlow.Pkce.Create());

        // The suspended session no longer counts: the browser is sent to sign in, where a suspended person cannot.
        response.Status.ShouldBe(HttpStatusCode.Redirect);
        response.Location.ShouldNotBeNull().ShouldNotStartWith(ProviderFlow.RedirectUri);
        response.Location.ShouldContain("/login");
    }

    [Fact]
    public async Task Refresh_SuspendedPerson_InvalidGrant()
    {
        var (person, browser) = await SignedInAsync();
        using var session = browser;
        var client = await _flow.RegisterAsync(confidential: false, Scopes.Profile);
        var tokens = await TokensAsync(browser, client);
        await SuspendAsync(person);

        var (status, body) = await _flow.RefreshAsync(client, tokens.GetProperty("refresh_token").GetString()!);
        var (infoStatus, _) = await _flow.UserInfoAsync(tokens.GetProperty("access_token").GetString()!);

        status.ShouldBe(HttpStatusCode.BadRequest, body.ToString());
        body.GetProperty("error").GetString().ShouldBe(Errors.InvalidGrant);
        infoStatus.ShouldBe(HttpStatusCode.Unauthorized);
    }

    /// <summary>Algorithm confusion: the published RSA key's bytes used as an HMAC secret must not make a token valid.</summary>
    [Theory]
    [InlineData("jwks-n")]
    [InlineData("pem")]
    public async Task HmacSignedWithPublicKey_RejectedAtUserInfoAndApi(string keyMaterial)
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var client = await _flow.RegisterAsync(confidential: false, Scopes.Profile);
        var real = (await TokensAsync(browser, client)).GetProperty("access_token").GetString()!;
        using var http = _app.CreateClient();
        var jwks = JsonDocument.Parse(await http.GetStringAsync("/.well-known/jwks")).RootElement;
        var key = jwks.GetProperty("keys").EnumerateArray().First(k => k.GetProperty("use").GetString() == "sig");
        var n = Base64UrlEncoder.DecodeBytes(key.GetProperty("n").GetString());
        using var rsa = RSA.Create(new RSAParameters { Modulus = n, Exponent = Base64UrlEncoder.DecodeBytes(key.GetProperty("e").GetString()) });
        var secret = keyMaterial == "pem" ? Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem()) : n;
        var payload = Base64UrlEncoder.Decode(real.Split('.')[1]);
        var forged = new JsonWebTokenHandler().CreateToken(payload,
            new SigningCredentials(new SymmetricSecurityKey(secret) { KeyId = key.GetProperty("kid").GetString() }, SecurityAlgorithms.HmacSha256),
            new Dictionary<string, object> { ["typ"] = "at+jwt" });

        var (infoStatus, infoBody) = await _flow.UserInfoAsync(forged);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        using var api = await http.SendAsync(request);

        infoStatus.ShouldBe(HttpStatusCode.Unauthorized, infoBody);
        api.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _flow.UserInfoAsync(real)).Status.ShouldBe(HttpStatusCode.OK, "the genuine token is accepted");
    }
}
