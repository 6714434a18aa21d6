using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.People;
using Nereid.Server.Auth;
using Nereid.Server.Provider;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.FunctionalTests.Provider.OpenIdClient;

/// <summary>
/// Consent driven by npm <c>openid-client</c> against a client registered as "consent required": the test is the
/// person's browser (their portal session cookie), reads the consent page and answers it with the page's own form and
/// antiforgery token; openid-client completes the code + PKCE exchange itself, or reports the refusal it was sent.
/// </summary>
public sealed partial class ConsentOpenIdClientTests(KestrelProviderApp app) : IClassFixture<KestrelProviderApp>
{
    private const string ClientName = "Consenting Notebook";

    private async Task<ProviderFlow.Client> ConsentClientAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = await app.AdminAsync();
        var registered = await scope.ServiceProvider.GetRequiredService<ClientRegistry>().RegisterAsync(
            new Actor(admin.Id, admin.DisplayName, admin.Tier),
            new ClientInput(null, ClientName, Confidential: false, [ProviderFlow.RedirectUri], [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken],
                [Scopes.OpenId, Scopes.Profile, Scopes.Email, PersonClaims.GroupsScope, Scopes.OfflineAccess], [ProviderFlow.PostLogoutRedirectUri],
                ConsentRequired: true),
            CancellationToken.None);
        return new ProviderFlow.Client(registered.Client.ClientId, null);
    }

    private async Task<(Person Person, LoopbackBrowser Browser)> PersonAsync()
    {
        var userName = "occ-" + Guid.NewGuid().ToString("N")[..6];
        var person = await app.CreatePersonAsync(userName, Tier.User);
        return (person, await LoopbackBrowser.SignInAsync(app, userName, userName + "-password"));
    }

    /// <summary>
    /// Follows openid-client's authorize URL to the consent page, answers it with <paramref name="decision"/> using the
    /// page's hidden fields and antiforgery token, follows the way back and hands the callback URL to the script.
    /// </summary>
    private static async Task<string> AnswerConsentAsync(OpenIdClientScript script, LoopbackBrowser browser, string decision)
    {
        var authorize = new Uri((await script.NextAsync("authorize")).GetProperty("url").GetString()!).PathAndQuery;
        var toConsent = await browser.GetAsync(authorize);
        toConsent.Status.ShouldBe(HttpStatusCode.Redirect, toConsent.Text);
        var consentUrl = toConsent.Location.ShouldNotBeNull();
        consentUrl.ShouldStartWith("/connect/consent?");
        var page = await browser.GetAsync(consentUrl);
        page.Status.ShouldBe(HttpStatusCode.OK, page.Text);
        page.Decoded.ShouldContain(ClientName);
        var fields = HiddenField().Matches(page.Text).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        fields.Remove("__RequestVerificationToken");
        fields["decision"] = decision;

        var answered = await browser.SubmitAsync(consentUrl, fields, action: "/connect/consent");
        answered.Status.ShouldBe(HttpStatusCode.Redirect, answered.Text);
        var back = await browser.GetAsync(answered.Location.ShouldNotBeNull());
        back.Status.ShouldBe(HttpStatusCode.Redirect, back.Text);
        var callback = back.Location.ShouldNotBeNull();
        callback.ShouldStartWith(ProviderFlow.RedirectUri + "?");
        await script.AnswerAsync(callback);
        return callback;
    }

    [Fact]
    public async Task OpenIdClient_ConsentAllowed_ExchangeCompletes_RevokedOnProfile_RefreshRefused()
    {
        var (person, browser) = await PersonAsync();
        using var session = browser;
        await using var script = await OpenIdClientScript.StartAsync(app.Issuer, await ConsentClientAsync(), "code", "pause", "refresh");

        await AnswerConsentAsync(script, browser, "allow");
        var tokens = await script.NextAsync("tokens");
        tokens.GetProperty("claims").GetProperty("sub").GetString().ShouldBe(person.Id.ToString());
        tokens.GetProperty("refreshToken").GetString().ShouldNotBeNullOrEmpty();
        await script.NextAsync("paused");

        var profile = await browser.GetAsync("/profile");
        profile.Decoded.ShouldContain(ClientName);
        var consentId = ConsentField().Match(profile.Text).Groups[1].Value;
        consentId.ShouldNotBeNullOrEmpty();
        var revoked = await browser.SubmitAsync("/profile", new() { ["consentId"] = consentId }, action: "/profile?handler=RevokeConsent");
        revoked.Status.ShouldBe(HttpStatusCode.Redirect, revoked.Text);
        await script.AnswerAsync("go on");
        var refused = await script.NextAsync("error");

        refused.GetProperty("step").GetString().ShouldBe("refresh");
        refused.GetProperty("error").GetString().ShouldBe(Errors.InvalidGrant);
        (await script.ExitAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task OpenIdClient_ConsentDenied_ClientGetsAccessDenied()
    {
        var (_, browser) = await PersonAsync();
        using var session = browser;
        await using var script = await OpenIdClientScript.StartAsync(app.Issuer, await ConsentClientAsync(), "code");

        var callback = await AnswerConsentAsync(script, browser, "deny");
        var refused = await script.NextAsync("error");

        callback.ShouldNotContain("code=");
        refused.GetProperty("step").GetString().ShouldBe("code");
        refused.GetProperty("error").GetString().ShouldBe(Errors.AccessDenied);
        (await script.ExitAsync()).ShouldBe(1);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenField();

    [GeneratedRegex("name=\"consentId\" value=\"([^\"]+)\"")]
    private static partial Regex ConsentField();
}
