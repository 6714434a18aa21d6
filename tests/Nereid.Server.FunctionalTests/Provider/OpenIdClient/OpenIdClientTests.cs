using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.Provider;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.FunctionalTests.Provider.OpenIdClient;

/// <summary>
/// npm <c>openid-client</c> — a relying party nobody here wrote — against Nereid's provider on a real port: one test per
/// flow, asserting on what openid-client itself returns (validated ID token claims, groups, userinfo, errors, URLs).
/// The test plays the person's browser with their portal session cookie.
/// </summary>
public sealed class OpenIdClientTests : IClassFixture<KestrelProviderApp>
{
    private readonly KestrelProviderApp _app;
    private readonly ProviderFlow _flow;

    public OpenIdClientTests(KestrelProviderApp app)
    {
        _app = app;
        _flow = new ProviderFlow(app);
    }

    private sealed record Member(Person Person, LoopbackBrowser Browser, string MemberOf, string AdminOf);

    private async Task<Member> MemberAsync()
    {
        var admin = await _app.AdminAsync();
        var userName = "oc-" + Guid.NewGuid().ToString("N")[..6];
        var person = await _app.CreatePersonAsync(userName, Tier.User);
        var memberOf = "lab-" + Guid.NewGuid().ToString("N")[..6];
        var adminOf = "lab-" + Guid.NewGuid().ToString("N")[..6];
        await _app.CreateNamespaceAsync(admin, memberOf);
        await _app.CreateNamespaceAsync(admin, adminOf);
        await _app.AddMemberAsync(admin, memberOf, person, MembershipRole.Member);
        await _app.AddMemberAsync(admin, adminOf, person, MembershipRole.Admin);
        return new(person, await LoopbackBrowser.SignInAsync(_app, userName, userName + "-password"), memberOf, adminOf);
    }

    private Task<ProviderFlow.Client> ClientAsync() =>
        _flow.RegisterAsync(confidential: false, Scopes.Profile, Scopes.Email, PersonClaims.GroupsScope);

    private static string Local(string url) => new Uri(url).PathAndQuery;

    /// <summary>Answers the script's authorize URL as the person's browser would, and hands the callback URL back.</summary>
    private static async Task<string> BrowseAuthorizeAsync(OpenIdClientScript script, LoopbackBrowser browser)
    {
        var authorize = (await script.NextAsync("authorize")).GetProperty("url").GetString()!;
        var response = await browser.GetAsync(Local(authorize));
        response.Status.ShouldBe(HttpStatusCode.Redirect, response.Text);
        var callback = response.Location.ShouldNotBeNull();
        await script.AnswerAsync(callback);
        return callback;
    }

    private static void ShouldBeThePerson(JsonElement tokens, Member member)
    {
        var claims = tokens.GetProperty("claims");
        claims.GetProperty("sub").GetString().ShouldBe(member.Person.Id.ToString());
        claims.GetProperty("email").GetString().ShouldBe(member.Person.Email);
        claims.GetProperty("tier").GetString().ShouldBe("user");
        OpenIdClientScript.Strings(tokens.GetProperty("groups"))
            .ShouldBe([$"ns:{member.AdminOf}", $"ns:{member.AdminOf}:admin", $"ns:{member.MemberOf}"], ignoreOrder: true);
    }

    [Fact]
    public async Task OpenIdClient_CodeWithPkce_ValidatedIdTokenCarriesPersonAndGroups()
    {
        var member = await MemberAsync();
        using var browser = member.Browser;
        await using var script = await OpenIdClientScript.StartAsync(_app.Issuer, await ClientAsync(), "code");

        var callback = await BrowseAuthorizeAsync(script, browser);
        var tokens = await script.NextAsync("tokens");

        callback.ShouldStartWith(ProviderFlow.RedirectUri + "?code=");
        ShouldBeThePerson(tokens, member);
        tokens.GetProperty("refreshToken").GetString().ShouldNotBeNullOrEmpty();
        (await script.ExitAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task OpenIdClient_Refresh_RotatedTokenCarriesCurrentGroups()
    {
        var member = await MemberAsync();
        using var browser = member.Browser;
        await using var script = await OpenIdClientScript.StartAsync(_app.Issuer, await ClientAsync(), "code", "refresh");
        await BrowseAuthorizeAsync(script, browser);
        var first = await script.NextAsync("tokens");

        var refreshed = await script.NextAsync("refreshed");
        var second = await script.NextAsync("tokens");

        refreshed.GetProperty("rotated").GetBoolean().ShouldBeTrue();
        second.GetProperty("refreshToken").GetString().ShouldNotBe(first.GetProperty("refreshToken").GetString());
        ShouldBeThePerson(second, member);
        (await script.ExitAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task OpenIdClient_DeviceFlow_PersonApprovesCodeAndDeviceGetsTheirTokens()
    {
        var member = await MemberAsync();
        using var browser = member.Browser;
        await using var script = await OpenIdClientScript.StartAsync(_app.Issuer, await ClientAsync(), "device");

        var device = await script.NextAsync("device");
        var userCode = device.GetProperty("userCode").GetString()!;
        var verify = QueryHelpers.AddQueryString(Local(device.GetProperty("verificationUri").GetString()!), "user_code", userCode);
        var approved = await browser.SubmitAsync(verify, new() { ["user_code"] = userCode, ["decision"] = "approve" });
        var tokens = await script.NextAsync("tokens");

        approved.Status.ShouldBe(HttpStatusCode.Redirect, approved.Text);
        ShouldBeThePerson(tokens, member);
        (await script.ExitAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task OpenIdClient_UserInfo_SameSubjectAndGroupsAsIdToken()
    {
        var member = await MemberAsync();
        using var browser = member.Browser;
        await using var script = await OpenIdClientScript.StartAsync(_app.Issuer, await ClientAsync(), "code", "userinfo");
        await BrowseAuthorizeAsync(script, browser);
        await script.NextAsync("tokens");

        var info = (await script.NextAsync("userinfo")).GetProperty("userinfo");

        info.GetProperty("sub").GetString().ShouldBe(member.Person.Id.ToString());
        info.GetProperty("preferred_username").GetString().ShouldStartWith("oc-");
        OpenIdClientScript.Strings(info.GetProperty("groups"))
            .ShouldBe([$"ns:{member.AdminOf}", $"ns:{member.AdminOf}:admin", $"ns:{member.MemberOf}"], ignoreOrder: true);
        (await script.ExitAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task OpenIdClient_Revocation_RevokedRefreshTokenRefusedAfterwards()
    {
        var member = await MemberAsync();
        using var browser = member.Browser;
        await using var script = await OpenIdClientScript.StartAsync(_app.Issuer, await ClientAsync(), "code", "revoke");
        await BrowseAuthorizeAsync(script, browser);
        await script.NextAsync("tokens");

        var revoked = await script.NextAsync("revoked");

        revoked.GetProperty("refreshAfterRevocation").GetString().ShouldBe(Errors.InvalidGrant);
        (await script.ExitAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task OpenIdClient_Logout_EndSessionUrlRedirectsExactlyToRegisteredUri()
    {
        var member = await MemberAsync();
        using var browser = member.Browser;
        await using var script = await OpenIdClientScript.StartAsync(_app.Issuer, await ClientAsync(), "code", "logout");
        await BrowseAuthorizeAsync(script, browser);
        await script.NextAsync("tokens");

        var endSession = await script.NextAsync("endSession");
        var url = Local(endSession.GetProperty("url").GetString()!);
        var fields = QueryHelpers.ParseQuery(new Uri(endSession.GetProperty("url").GetString()!).Query).ToDictionary(p => p.Key, p => p.Value.ToString());
        var done = await browser.SubmitAsync(url, fields, action: "/connect/endsession");

        fields["post_logout_redirect_uri"].ShouldBe(ProviderFlow.PostLogoutRedirectUri);
        fields.ShouldContainKey("id_token_hint");
        done.Status.ShouldBe(HttpStatusCode.Redirect, done.Text);
        done.Location.ShouldBe(ProviderFlow.PostLogoutRedirectUri + "?state=" + endSession.GetProperty("state").GetString());
        (await browser.GetAsync("/profile")).Status.ShouldBe(HttpStatusCode.Redirect, "the portal session has ended");
        (await script.ExitAsync()).ShouldBe(0);
    }
}
