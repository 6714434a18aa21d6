using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.FunctionalTests.Provider.ApiAccess;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.FunctionalTests.Provider.Consent;

/// <summary>
/// Clients registered as "consent required" through the client API: the consent page, Allow and Deny, consent remembered
/// per person, client and scopes, and revoked from the profile together with the tokens issued under it.
/// </summary>
public sealed class ConsentTests : IClassFixture<ApiAccessApp>
{
    private const string Scope = "openid profile groups api offline_access";
    private readonly ApiAccessApp _app;
    private readonly ApiTokens _tokens;

    public ConsentTests(ApiAccessApp app)
    {
        _app = app;
        _tokens = new ApiTokens(app);
    }

    private async Task<ProviderFlow.Client> RegisterAsync(bool consentRequired, string name = "Lab Wiki")
    {
        using var admin = await _app.ClientForAsync(await _app.AdminAsync());
        using var response = await admin.PostAsJsonAsync("/api/v1/oidc-clients", new
        {
            displayName = name,
            confidential = false,
            consentRequired,
            redirectUris = new[] { ProviderFlow.RedirectUri },
            grants = new[] { "authorization_code", "refresh_token" },
            scopes = new[] { "openid", "profile", "groups", "api", "offline_access" },
        });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body.ToString());
        body.GetProperty("client").GetProperty("consentRequired").GetBoolean().ShouldBe(consentRequired);
        return new ProviderFlow.Client(body.GetProperty("client").GetProperty("clientId").GetString()!, null);
    }

    private async Task<(Person Person, PageClient Browser)> SignedInAsync()
    {
        var userName = "cns-" + Guid.NewGuid().ToString("N")[..6];
        var person = await _app.CreatePersonAsync(userName, Tier.User);
        return (person, await PageClient.SignInAsync(_app, userName, userName + "-password"));
    }

    /// <summary>Authorize; the answer must be the consent page's address.</summary>
    private static async Task<string> ConsentUrlAsync(PageClient browser, ProviderFlow.Client client, string scope, ProviderFlow.Pkce pkce)
    {
        var response = await ProviderFlow.AuthorizeAsync(browser, client, scope, pkce);
        response.Status.ShouldBe(HttpStatusCode.Redirect, response.Text);
        response.Location.ShouldNotBeNull().ShouldStartWith("/connect/consent?");
        return response.Location;
    }

    /// <summary>Answers the consent page as a person would (its form's hidden fields are the request's parameters), then follows the redirect to /connect/authorize.</summary>
    private static async Task<PageResponse> DecideAsync(PageClient browser, string consentUrl, string decision)
    {
        var fields = QueryHelpers.ParseQuery(new Uri("https://x" + consentUrl).Query).ToDictionary(p => p.Key, p => p.Value.ToString());
        fields["decision"] = decision;
        var answered = await browser.SubmitAsync(consentUrl, fields, action: "/connect/consent");
        answered.Status.ShouldBe(HttpStatusCode.Redirect, answered.Text);
        answered.Location.ShouldNotBeNull().ShouldStartWith("/connect/authorize?");
        return await browser.GetAsync(answered.Location);
    }

    [Fact]
    public async Task Authorize_ConsentRequiredClient_PageNamesClientAndScopesInWords()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var client = await RegisterAsync(consentRequired: true, "Lab Wiki");

        var page = await browser.GetAsync(await ConsentUrlAsync(browser, client, Scope, ProviderFlow.Pkce.Create()));

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Decoded.ShouldContain("Lab Wiki");
        page.Decoded.ShouldContain("Which namespaces you belong to and which you administer");
        page.Decoded.ShouldContain("Use Nereid's API as you");
        page.Decoded.ShouldContain("value=\"allow\"");
        page.Decoded.ShouldContain("value=\"deny\"");
    }

    [Fact]
    public async Task Consent_Allow_CodeIssuedAndRememberedForTheseScopes()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var client = await RegisterAsync(consentRequired: true);
        var pkce = ProviderFlow.Pkce.Create();

        var back = await DecideAsync(browser, await ConsentUrlAsync(browser, client, "openid profile", pkce), "allow");
        var code = ProviderFlow.Callback(back)["code"];
        var (status, body) = await _tokens.Flow.RedeemAsync(client, code, pkce.Verifier);
        var again = ProviderFlow.Callback(await ProviderFlow.AuthorizeAsync(browser, client, "openid profile", ProviderFlow.Pkce.Create()));
        var wider = await ProviderFlow.AuthorizeAsync(browser, client, "openid profile groups", ProviderFlow.Pkce.Create());

        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        again.ShouldContainKey("code");
        wider.Location.ShouldNotBeNull().ShouldStartWith("/connect/consent?"); // a scope not allowed yet asks again
    }

    [Fact]
    public async Task Consent_Deny_AccessDeniedToClientAndNothingRemembered()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var client = await RegisterAsync(consentRequired: true);

        var back = ProviderFlow.Callback(await DecideAsync(browser, await ConsentUrlAsync(browser, client, Scope, ProviderFlow.Pkce.Create()), "deny"));

        back["error"].ShouldBe(Errors.AccessDenied);
        back.ShouldNotContainKey("code");
        (await ProviderFlow.AuthorizeAsync(browser, client, Scope, ProviderFlow.Pkce.Create())).Location.ShouldNotBeNull().ShouldStartWith("/connect/consent?");
    }

    [Fact]
    public async Task Consent_PostWithoutAntiforgery_NothingRemembered()
    {
        var (person, browser) = await SignedInAsync();
        using var session = browser;
        var client = await RegisterAsync(consentRequired: true);
        var consentUrl = await ConsentUrlAsync(browser, client, Scope, ProviderFlow.Pkce.Create());
        var fields = QueryHelpers.ParseQuery(new Uri("https://x" + consentUrl).Query).ToDictionary(p => p.Key, p => p.Value.ToString());
        fields["decision"] = "allow";

        var posted = await browser.PostAsync("/connect/consent", fields);

        posted.Status.ShouldBe(HttpStatusCode.BadRequest);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        (await db.AuditEvents.CountAsync(e => e.ActorId == person.Id && e.Action == "provider.consent.grant")).ShouldBe(0);
    }

    [Fact]
    public async Task Authorize_PromptNone_ConsentRequiredError()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var client = await RegisterAsync(consentRequired: true);
        var pkce = ProviderFlow.Pkce.Create();
        var url = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = client.Id, ["redirect_uri"] = ProviderFlow.RedirectUri, ["scope"] = Scope,
            ["state"] = "s1", ["prompt"] = "none", ["code_challenge"] = pkce.Challenge, ["code_challenge_method"] = "S256",
        });

        var back = ProviderFlow.Callback(await browser.GetAsync(url));

        back["error"].ShouldBe(Errors.ConsentRequired);
    }

    /// <summary>GET /connect/authorize with a <c>prompt</c> value.</summary>
    private static Task<PageResponse> AuthorizeWithPromptAsync(PageClient browser, ProviderFlow.Client client, string scope, string prompt) =>
        browser.GetAsync(QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = client.Id, ["redirect_uri"] = ProviderFlow.RedirectUri, ["scope"] = scope,
            ["state"] = "s1", ["prompt"] = prompt, ["code_challenge"] = ProviderFlow.Pkce.Create().Challenge, ["code_challenge_method"] = "S256",
        }));

    [Fact]
    public async Task Authorize_PromptConsent_AlreadyAllowed_PageShownAgainAndNoSecondConsentStored()
    {
        var (person, browser) = await SignedInAsync();
        using var session = browser;
        var client = await RegisterAsync(consentRequired: true);
        ProviderFlow.Callback(await DecideAsync(browser, await ConsentUrlAsync(browser, client, Scope, ProviderFlow.Pkce.Create()), "allow")).ShouldContainKey("code");
        ProviderFlow.Callback(await ProviderFlow.AuthorizeAsync(browser, client, Scope, ProviderFlow.Pkce.Create())).ShouldContainKey("code");

        var prompted = await AuthorizeWithPromptAsync(browser, client, Scope, "consent");
        prompted.Status.ShouldBe(HttpStatusCode.Redirect, prompted.Text);
        var consentUrl = prompted.Location.ShouldNotBeNull();
        consentUrl.ShouldStartWith("/connect/consent?");
        consentUrl.ShouldContain("prompt=consent");
        (await browser.GetAsync(consentUrl)).Decoded.ShouldContain("value=\"allow\"");
        var back = ProviderFlow.Callback(await DecideAsync(browser, consentUrl, "allow"));

        back.ShouldContainKey("code");
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        (await db.AuditEvents.CountAsync(e => e.ActorId == person.Id && e.Action == "provider.consent.grant" && e.TargetId == client.Id)).ShouldBe(1);
        System.Text.RegularExpressions.Regex.Matches((await browser.GetAsync("/profile")).Text, "name=\"consentId\"").Count.ShouldBe(1);
    }

    [Fact]
    public async Task Authorize_PromptConsent_AlreadyAllowed_DenyRefusesThisRequest()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var client = await RegisterAsync(consentRequired: true);
        ProviderFlow.Callback(await DecideAsync(browser, await ConsentUrlAsync(browser, client, Scope, ProviderFlow.Pkce.Create()), "allow")).ShouldContainKey("code");

        var prompted = await AuthorizeWithPromptAsync(browser, client, Scope, "consent");
        var back = ProviderFlow.Callback(await DecideAsync(browser, prompted.Location.ShouldNotBeNull(), "deny"));

        back["error"].ShouldBe(Errors.AccessDenied);
    }

    [Fact]
    public async Task Authorize_PromptConsent_PreApprovedClient_PageShownThenCode()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var client = await RegisterAsync(consentRequired: false, "Pre-approved Portal");

        var prompted = await AuthorizeWithPromptAsync(browser, client, Scope, "consent");
        prompted.Location.ShouldNotBeNull().ShouldStartWith("/connect/consent?");
        (await browser.GetAsync(prompted.Location)).Decoded.ShouldContain("Pre-approved Portal");
        var back = ProviderFlow.Callback(await DecideAsync(browser, prompted.Location, "allow"));

        back.ShouldContainKey("code");
    }

    [Theory]
    [InlineData("none consent")]
    [InlineData("consent none")]
    public async Task Authorize_PromptNoneWithConsent_InvalidRequest(string prompt)
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var client = await RegisterAsync(consentRequired: true);
        ProviderFlow.Callback(await DecideAsync(browser, await ConsentUrlAsync(browser, client, Scope, ProviderFlow.Pkce.Create()), "allow")).ShouldContainKey("code");

        var response = await AuthorizeWithPromptAsync(browser, client, Scope, prompt);

        // OpenIddict refuses the combination while validating the request, on its own page (the redirect URI is not
        // validated yet at that stage, so it sends nothing there); no code is issued.
        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.Location.ShouldBeNull();
        response.Text.ShouldContain(Errors.InvalidRequest);
        response.Text.ShouldNotContain("code=");
    }

    [Fact]
    public async Task Authorize_PreApprovedClient_NoConsentPage()
    {
        var (_, browser) = await SignedInAsync();
        using var session = browser;
        var client = await RegisterAsync(consentRequired: false);

        var back = ProviderFlow.Callback(await ProviderFlow.AuthorizeAsync(browser, client, Scope, ProviderFlow.Pkce.Create()));

        back.ShouldContainKey("code");
    }

    [Fact]
    public async Task Profile_RevokeConsent_ListedThenTokensStopAndClientAsksAgain()
    {
        var (person, browser) = await SignedInAsync();
        using var session = browser;
        var client = await RegisterAsync(consentRequired: true, "Notebook Viewer");
        var pkce = ProviderFlow.Pkce.Create();
        var code = ProviderFlow.Callback(await DecideAsync(browser, await ConsentUrlAsync(browser, client, Scope, pkce), "allow"))["code"];
        var (_, tokens) = await _tokens.Flow.RedeemAsync(client, code, pkce.Verifier);
        var access = tokens.GetProperty("access_token").GetString()!;
        (await _tokens.MeAsync(access)).Status.ShouldBe(HttpStatusCode.OK);

        var profile = await browser.GetAsync("/profile");
        profile.Decoded.ShouldContain("Notebook Viewer");
        var consentId = System.Text.RegularExpressions.Regex.Match(profile.Text, "name=\"consentId\" value=\"([^\"]+)\"").Groups[1].Value;
        consentId.ShouldNotBeNullOrEmpty();
        var revoked = await browser.SubmitAsync("/profile", new() { ["consentId"] = consentId }, action: "/profile?handler=RevokeConsent");

        revoked.Status.ShouldBe(HttpStatusCode.Redirect, revoked.Text);
        (await browser.GetAsync("/profile")).Decoded.ShouldNotContain("Notebook Viewer");
        (await _tokens.MeAsync(access)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        var (refreshStatus, refreshBody) = await _tokens.Flow.RefreshAsync(client, tokens.GetProperty("refresh_token").GetString()!);
        refreshStatus.ShouldBe(HttpStatusCode.BadRequest, refreshBody.ToString());
        refreshBody.GetProperty("error").GetString().ShouldBe(Errors.InvalidGrant);
        (await ProviderFlow.AuthorizeAsync(browser, client, Scope, ProviderFlow.Pkce.Create())).Location.ShouldNotBeNull().ShouldStartWith("/connect/consent?");
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        (await db.AuditEvents.CountAsync(e => e.ActorId == person.Id && e.Action == "provider.consent.revoke" && e.TargetId == client.Id)).ShouldBe(1);
    }
}
