using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Pages;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.FunctionalTests.Provider;

/// <summary>Token revocation (RFC 7009) and RP-initiated logout with an exact-match post_logout_redirect_uri.</summary>
public sealed class RevocationAndLogoutTests : IClassFixture<ClientCredentialsTests.ProviderApp>
{
    private readonly ClientCredentialsTests.ProviderApp _app;
    private readonly ProviderFlow _flow;

    public RevocationAndLogoutTests(ClientCredentialsTests.ProviderApp app)
    {
        _app = app;
        _flow = new ProviderFlow(app);
    }

    private async Task<PageClient> SignedInAsync()
    {
        var userName = "lou-" + Guid.NewGuid().ToString("N")[..6];
        await _app.CreatePersonAsync(userName, Tier.User);
        return await PageClient.SignInAsync(_app, userName, userName + "-password");
    }

    private async Task<JsonElement> TokensAsync(PageClient browser, ProviderFlow.Client client)
    {
        var pkce = ProviderFlow.Pkce.Create();
        var (status, body) = await _flow.RedeemAsync(client, await _flow.CodeAsync(browser, client, "openid profile offline_access", pkce), pkce.Verifier);
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        return body;
    }

    [Fact]
    public async Task Revoke_RefreshToken_LaterRefreshInvalidGrant()
    {
        using var browser = await SignedInAsync();
        var client = await _flow.RegisterAsync(confidential: false, Scopes.Profile);
        var refresh = (await TokensAsync(browser, client)).GetProperty("refresh_token").GetString()!;

        var revoked = await _flow.RevokeAsync(client, refresh, "refresh_token");
        var (status, body) = await _flow.RefreshAsync(client, refresh);

        revoked.ShouldBe(HttpStatusCode.OK);
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString().ShouldBe(Errors.InvalidGrant);
    }

    [Fact]
    public async Task Revoke_TokenOfAnotherClient_NotRevoked()
    {
        using var browser = await SignedInAsync();
        var client = await _flow.RegisterAsync(confidential: false, Scopes.Profile);
        var other = await _flow.RegisterAsync(confidential: false, Scopes.Profile);
        var refresh = (await TokensAsync(browser, client)).GetProperty("refresh_token").GetString()!;

        await _flow.RevokeAsync(other, refresh, "refresh_token");
        var (status, body) = await _flow.RefreshAsync(client, refresh);

        status.ShouldBe(HttpStatusCode.OK, body.ToString());
    }

    private static Dictionary<string, string> EndSessionFields(ProviderFlow.Client client, string postLogoutRedirectUri) => new()
    {
        ["client_id"] = client.Id,
        ["post_logout_redirect_uri"] = postLogoutRedirectUri,
        ["state"] = "bye-42",
    };

    private static string EndSessionUrl(ProviderFlow.Client client, string postLogoutRedirectUri) =>
        QueryHelpers.AddQueryString("/connect/endsession", EndSessionFields(client, postLogoutRedirectUri)!);

    /// <summary>Follows the end-session link, then confirms on the page (its form carries the request's parameters).</summary>
    private static async Task<PageResponse> ConfirmSignOutAsync(PageClient browser, ProviderFlow.Client client, string postLogoutRedirectUri) =>
        await browser.SubmitAsync(EndSessionUrl(client, postLogoutRedirectUri), EndSessionFields(client, postLogoutRedirectUri), action: "/connect/endsession");

    [Fact]
    public async Task EndSession_RegisteredPostLogoutUri_SignsOutAndRedirectsExactlyWithState()
    {
        using var browser = await SignedInAsync();
        var client = await _flow.RegisterAsync(confidential: false, Scopes.Profile);
        var url = EndSessionUrl(client, ProviderFlow.PostLogoutRedirectUri);

        var ask = await browser.GetAsync(url);
        var done = await ConfirmSignOutAsync(browser, client, ProviderFlow.PostLogoutRedirectUri);

        ask.Status.ShouldBe(HttpStatusCode.OK, "a link alone must not end the session");
        done.Status.ShouldBe(HttpStatusCode.Redirect, done.Text);
        done.Location.ShouldBe(ProviderFlow.PostLogoutRedirectUri + "?state=bye-42");
        (await browser.GetAsync("/profile")).Status.ShouldBe(HttpStatusCode.Redirect, "the portal session has ended");
    }

    /// <summary>An open redirect through logout: anything but the registered URI, character for character, is not followed.</summary>
    [Theory]
    [InlineData(ProviderFlow.PostLogoutRedirectUri + "/more")]
    [InlineData(ProviderFlow.PostLogoutRedirectUri + "x")]
    [InlineData("https://app.example.edu/signed-out/../evil")]
    [InlineData("https://app.example.edu/signed-out/%2e%2e/evil")]
    [InlineData("https://app.example.edu.evil.example/signed-out")]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    public async Task EndSession_UnregisteredPostLogoutUri_PlainSignedOutPageNoRedirect(string postLogoutRedirectUri)
    {
        using var browser = await SignedInAsync();
        var client = await _flow.RegisterAsync(confidential: false, Scopes.Profile);

        var done = await ConfirmSignOutAsync(browser, client, postLogoutRedirectUri);

        done.Status.ShouldBe(HttpStatusCode.OK, done.Text);
        done.Location.ShouldBeNull();
        done.Decoded.ShouldContain("You are signed out of Nereid");
        done.Text.ShouldNotContain("evil.example");
        (await browser.GetAsync("/profile")).Status.ShouldBe(HttpStatusCode.Redirect, "the portal session has ended");
    }

    [Fact]
    public async Task EndSession_NoClientIdAndUnregisteredUri_NoRedirect()
    {
        using var browser = await SignedInAsync();
        var fields = new Dictionary<string, string> { ["post_logout_redirect_uri"] = "https://other.example.edu/signed-out" };

        var done = await browser.SubmitAsync(QueryHelpers.AddQueryString("/connect/endsession", fields!), fields, action: "/connect/endsession");

        done.Status.ShouldBe(HttpStatusCode.OK, done.Text);
        done.Location.ShouldBeNull();
        done.Decoded.ShouldContain("You are signed out of Nereid");
    }
}
