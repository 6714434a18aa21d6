using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Pages;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.FunctionalTests.Provider;

/// <summary>What the provider must refuse in the code flow and at userinfo.</summary>
public sealed class AuthorizationCodeRefusalTests : IClassFixture<ClientCredentialsTests.ProviderApp>
{
    private readonly ClientCredentialsTests.ProviderApp _app;
    private readonly ProviderFlow _flow;

    public AuthorizationCodeRefusalTests(ClientCredentialsTests.ProviderApp app)
    {
        _app = app;
        _flow = new ProviderFlow(app);
    }

    private async Task<PageClient> SignedInAsync()
    {
        var userName = "rex-" + Guid.NewGuid().ToString("N")[..6];
        await _app.CreatePersonAsync(userName, Tier.User);
        return await PageClient.SignInAsync(_app, userName, userName + "-password");
    }

    /// <summary>An unregistered redirect URI gets no redirect at all: the code (or error) must never reach it.</summary>
    [Theory]
    [InlineData(ProviderFlow.RedirectUri + "/more")]
    [InlineData(ProviderFlow.RedirectUri + "x")]
    [InlineData("https://app.example.edu/callback/../evil")]
    [InlineData("https://app.example.edu/callback/%2e%2e/evil")]
    [InlineData("https://app.example.edu.evil.example/callback")]
    public async Task Authorize_RedirectUriNotExactlyRegistered_NoRedirect(string redirectUri)
    {
        using var browser = await SignedInAsync();
        var client = await _flow.RegisterAsync(confidential: false);

        var response = await ProviderFlow.AuthorizeAsync(browser, client, "openid", ProviderFlow.Pkce.Create(), redirectUri);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.Location.ShouldBeNull();
        response.Text.ShouldNotContain("code=");
    }

    [Fact]
    public async Task Authorize_PublicClientWithoutPkce_InvalidRequest()
    {
        using var browser = await SignedInAsync();
        var client = await _flow.RegisterAsync(confidential: false);

        var callback = ProviderFlow.Callback(await ProviderFlow.AuthorizeAsync(browser, client, "openid", pkce: null));

        callback["error"].ShouldBe(Errors.InvalidRequest);
        callback.ShouldNotContainKey("code");
    }

    [Fact]
    public async Task Authorize_ScopeNotPermittedForClient_RefusedWithoutCode()
    {
        using var browser = await SignedInAsync();
        var client = await _flow.RegisterAsync(confidential: false, Scopes.Profile);

        var response = await ProviderFlow.AuthorizeAsync(browser, client, "openid groups", ProviderFlow.Pkce.Create());

        // OpenIddict answers on its own page rather than at the redirect URI; either way no code is issued.
        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.Location.ShouldBeNull();
        response.Text.ShouldContain("not allowed to use the specified scope");
    }

    [Fact]
    public async Task Token_WrongCodeVerifier_InvalidGrant()
    {
        using var browser = await SignedInAsync();
        var client = await _flow.RegisterAsync(confidential: false);
        var code = await _flow.CodeAsync(browser, client, "openid", ProviderFlow.Pkce.Create());

        var (status, body) = await _flow.RedeemAsync(client, code, ProviderFlow.Pkce.Create().Verifier);

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString().ShouldBe(Errors.InvalidGrant);
        body.TryGetProperty("access_token", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Token_CodeWithoutItsVerifier_InvalidRequest()
    {
        using var browser = await SignedInAsync();
        var client = await _flow.RegisterAsync(confidential: false);
        var code = await _flow.CodeAsync(browser, client, "openid", ProviderFlow.Pkce.Create());

        var (status, body) = await _flow.RedeemAsync(client, code, verifier: null);

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.TryGetProperty("access_token", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Token_CodeReplayed_SecondRedemptionInvalidGrant()
    {
        using var browser = await SignedInAsync();
        var client = await _flow.RegisterAsync(confidential: false);
        var pkce = ProviderFlow.Pkce.Create();
        var code = await _flow.CodeAsync(browser, client, "openid", pkce);
        var (first, _) = await _flow.RedeemAsync(client, code, pkce.Verifier);

        var (status, body) = await _flow.RedeemAsync(client, code, pkce.Verifier);

        first.ShouldBe(HttpStatusCode.OK);
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString().ShouldBe(Errors.InvalidGrant);
    }

    [Fact]
    public async Task Token_ConfidentialClientWrongSecret_InvalidClient()
    {
        using var browser = await SignedInAsync();
        var client = await _flow.RegisterAsync(confidential: true);
        var pkce = ProviderFlow.Pkce.Create();
        var code = await _flow.CodeAsync(browser, client, "openid", pkce);

        var (status, body) = await _flow.RedeemAsync(client, code, pkce.Verifier, secret: "not-the-secret");

        status.ShouldBe(HttpStatusCode.Unauthorized);
        body.GetProperty("error").GetString().ShouldBe(Errors.InvalidClient);
    }

    [Fact]
    public async Task Token_CodeOfAnotherClient_InvalidGrant()
    {
        using var browser = await SignedInAsync();
        var client = await _flow.RegisterAsync(confidential: false);
        var other = await _flow.RegisterAsync(confidential: false);
        var pkce = ProviderFlow.Pkce.Create();
        var code = await _flow.CodeAsync(browser, client, "openid", pkce);

        var (status, body) = await _flow.RedeemAsync(other, code, pkce.Verifier);

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString().ShouldBe(Errors.InvalidGrant);
    }

    [Fact]
    public async Task UserInfo_TokenFromAnotherIssuer_Unauthorized()
    {
        using var rsa = RSA.Create(2048);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://evil.example/",
            Claims = new Dictionary<string, object> { ["sub"] = Guid.NewGuid().ToString(), ["scope"] = "openid profile" },
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "evil" }, SecurityAlgorithms.RsaSha256),
        });

        var (status, body) = await _flow.UserInfoAsync(token);

        status.ShouldBe(HttpStatusCode.Unauthorized, body);
    }

    [Fact]
    public async Task UserInfo_UnsignedAlgNoneToken_Unauthorized()
    {
        // A real access token's claims, re-wrapped with alg none and no signature.
        using var browser = await SignedInAsync();
        var client = await _flow.RegisterAsync(confidential: true, Scopes.Profile);
        var pkce = ProviderFlow.Pkce.Create();
        var (_, tokens) = await _flow.RedeemAsync(client, await _flow.CodeAsync(browser, client, "openid profile", pkce), pkce.Verifier);
        var real = tokens.GetProperty("access_token").GetString()!.Split('.');
        var header = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes("{\"alg\":\"none\",\"typ\":\"at+jwt\"}"));
        var forged = header + "." + real[1] + ".";

        var (status, body) = await _flow.UserInfoAsync(forged);

        status.ShouldBe(HttpStatusCode.Unauthorized, body);
        (await _flow.UserInfoAsync(tokens.GetProperty("access_token").GetString()!)).Status.ShouldBe(HttpStatusCode.OK);
    }
}
