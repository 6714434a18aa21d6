using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.Namespaces;
using Nereid.Server.Provider;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.FunctionalTests.Provider;

/// <summary>Authorization code + PKCE for a person signed in to the portal, refresh with rotation, userinfo.</summary>
public sealed class AuthorizationCodeTests : IClassFixture<ClientCredentialsTests.ProviderApp>
{
    private const string AllScopes = "openid profile email groups offline_access";
    private readonly ClientCredentialsTests.ProviderApp _app;
    private readonly ProviderFlow _flow;

    public AuthorizationCodeTests(ClientCredentialsTests.ProviderApp app)
    {
        _app = app;
        _flow = new ProviderFlow(app);
    }

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>A person (tier user) who is a member of one namespace and admin of another; signed in through /login.</summary>
    private async Task<(Person Person, PageClient Browser, string MemberOf, string AdminOf)> MemberAsync(Tier tier = Tier.User)
    {
        var admin = await _app.AdminAsync();
        var userName = Unique("ada");
        var person = await _app.CreatePersonAsync(userName, tier);
        var memberOf = Unique("lab");
        var adminOf = Unique("lab");
        await _app.CreateNamespaceAsync(admin, memberOf);
        await _app.CreateNamespaceAsync(admin, adminOf);
        await _app.AddMemberAsync(admin, memberOf, person, MembershipRole.Member);
        await _app.AddMemberAsync(admin, adminOf, person, MembershipRole.Admin);
        return (person, await PageClient.SignInAsync(_app, userName, userName + "-password"), memberOf, adminOf);
    }

    private async Task<JsonElement> CodeFlowAsync(PageClient browser, ProviderFlow.Client client)
    {
        var pkce = ProviderFlow.Pkce.Create();
        var code = await _flow.CodeAsync(browser, client, AllScopes, pkce);
        var (status, body) = await _flow.RedeemAsync(client, code, pkce.Verifier);
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        return body;
    }

    [Fact]
    public async Task Authorize_SignedInMember_IdTokenCarriesPersonIdTierAndNamespaceGroups()
    {
        var (person, browser, memberOf, adminOf) = await MemberAsync();
        using var _ = browser;
        var client = await _flow.RegisterAsync(confidential: false, Scopes.Profile, Scopes.Email, PersonClaims.GroupsScope);

        var tokens = await CodeFlowAsync(browser, client);

        var id = await _flow.ValidateAsync(tokens.GetProperty("id_token").GetString()!, audience: client.Id);
        id["sub"].ShouldBe(person.Id.ToString());
        id["email"].ShouldBe(person.Email);
        id["name"].ShouldBe(person.DisplayName);
        id["preferred_username"].ShouldNotBeNull().ToString()!.ShouldStartWith("ada-");
        id["tier"].ShouldBe("user");
        ProviderFlow.Groups(id).OrderBy(g => g, StringComparer.Ordinal).ShouldBe(
            new[] { $"ns:{memberOf}", $"ns:{adminOf}", $"ns:{adminOf}:admin" }.OrderBy(g => g, StringComparer.Ordinal));
        tokens.GetProperty("refresh_token").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Authorize_Guest_NoGroups()
    {
        var userName = Unique("guest");
        await _app.CreatePersonAsync(userName, Tier.Guest);
        using var browser = await PageClient.SignInAsync(_app, userName, userName + "-password");
        var client = await _flow.RegisterAsync(confidential: false, Scopes.Profile, Scopes.Email, PersonClaims.GroupsScope);

        var tokens = await CodeFlowAsync(browser, client);

        var id = await _flow.ValidateAsync(tokens.GetProperty("id_token").GetString()!, audience: client.Id);
        ProviderFlow.Groups(id).ShouldBeEmpty();
        id["tier"].ShouldBe("guest");
    }

    [Fact]
    public async Task Authorize_NotSignedIn_SentToLoginAndBack()
    {
        using var browser = PageClient.Anonymous(_app);
        var client = await _flow.RegisterAsync(confidential: false, Scopes.Profile, Scopes.Email, PersonClaims.GroupsScope);

        var response = await ProviderFlow.AuthorizeAsync(browser, client, "openid", ProviderFlow.Pkce.Create());

        response.Status.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Location.ShouldNotBeNull();
        location.ShouldContain("/login?ReturnUrl=");
        Uri.UnescapeDataString(location).ShouldContain("/connect/authorize?");
        Uri.UnescapeDataString(location).ShouldContain("client_id=" + client.Id);
    }

    [Fact]
    public async Task UserInfo_AccessToken_ReturnsCurrentClaims()
    {
        var (person, browser, memberOf, _) = await MemberAsync();
        using var _ = browser;
        var client = await _flow.RegisterAsync(confidential: true, Scopes.Profile, Scopes.Email, PersonClaims.GroupsScope);

        var tokens = await CodeFlowAsync(browser, client);
        var (status, body) = await _flow.UserInfoAsync(tokens.GetProperty("access_token").GetString()!);

        status.ShouldBe(HttpStatusCode.OK, body);
        var info = JsonDocument.Parse(body).RootElement;
        info.GetProperty("sub").GetString().ShouldBe(person.Id.ToString());
        info.GetProperty("email").GetString().ShouldBe(person.Email);
        info.GetProperty("tier").GetString().ShouldBe("user");
        info.GetProperty("groups").EnumerateArray().Select(g => g.GetString()).ShouldContain($"ns:{memberOf}");
    }

    [Fact]
    public async Task Refresh_RotatesToken_OldOneThenRefusedAsReuse()
    {
        var (_, browser, _, _) = await MemberAsync();
        using var __ = browser;
        var client = await _flow.RegisterAsync(confidential: true, Scopes.Profile, Scopes.Email, PersonClaims.GroupsScope);
        var first = (await CodeFlowAsync(browser, client)).GetProperty("refresh_token").GetString()!;

        var (status, body) = await _flow.RefreshAsync(client, first);
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        var second = body.GetProperty("refresh_token").GetString()!;
        second.ShouldNotBe(first);
        var (reuseStatus, reuse) = await _flow.RefreshAsync(client, first);
        var (afterStatus, after) = await _flow.RefreshAsync(client, second);

        reuseStatus.ShouldBe(HttpStatusCode.BadRequest);
        reuse.GetProperty("error").GetString().ShouldBe(Errors.InvalidGrant);
        // Reuse of a rotated token means it leaked: the whole chain is revoked, the new token with it.
        afterStatus.ShouldBe(HttpStatusCode.BadRequest, after.ToString());
        after.GetProperty("error").GetString().ShouldBe(Errors.InvalidGrant);
    }

    [Fact]
    public async Task Refresh_RemovedMember_GroupGoneFromNewTokens()
    {
        var (person, browser, memberOf, adminOf) = await MemberAsync();
        using var _ = browser;
        var client = await _flow.RegisterAsync(confidential: true, Scopes.Profile, Scopes.Email, PersonClaims.GroupsScope);
        var tokens = await CodeFlowAsync(browser, client);
        var admin = await _app.AdminAsync();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var namespaces = scope.ServiceProvider.GetRequiredService<NamespaceService>();
            await namespaces.RemoveMemberAsync(PageTestData.ActorOf(admin), memberOf, person.Id.ToString(), CancellationToken.None);
        }

        var (status, body) = await _flow.RefreshAsync(client, tokens.GetProperty("refresh_token").GetString()!);

        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        var groups = ProviderFlow.Groups(await _flow.ValidateAsync(body.GetProperty("id_token").GetString()!, audience: client.Id));
        groups.ShouldNotContain($"ns:{memberOf}");
        groups.ShouldContain($"ns:{adminOf}:admin");
        ProviderFlow.Groups(await _flow.ValidateAsync(body.GetProperty("access_token").GetString()!)).ShouldNotContain($"ns:{memberOf}");
    }

    [Fact]
    public async Task Refresh_DemotedPerson_TierClaimUpdatedAndNamespaceGroupsEmptied()
    {
        var (person, browser, memberOf, adminOf) = await MemberAsync(Tier.Admin);
        using var _ = browser;
        var client = await _flow.RegisterAsync(confidential: true, Scopes.Profile, Scopes.Email, PersonClaims.GroupsScope);
        var tokens = await CodeFlowAsync(browser, client);
        var before = await _flow.ValidateAsync(tokens.GetProperty("id_token").GetString()!, client.Id);
        before["tier"].ShouldBe("admin");
        ProviderFlow.Groups(before).ShouldBe([$"ns:{memberOf}", $"ns:{adminOf}", $"ns:{adminOf}:admin"], ignoreOrder: true);
        await _app.QueryAsync(async db =>
        {
            var row = db.People.Single(p => p.Id == person.Id);
            row.ChangeTier(Tier.Guest);
            return await db.SaveChangesAsync();
        });

        var (status, body) = await _flow.RefreshAsync(client, tokens.GetProperty("refresh_token").GetString()!);

        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        var id = await _flow.ValidateAsync(body.GetProperty("id_token").GetString()!, client.Id);
        id["tier"].ShouldBe("guest");
        // A guest holds no namespace role: the membership rows stay (dormant), but no ns: group is claimed anywhere.
        ProviderFlow.Groups(id).ShouldBeEmpty();
        var accessToken = body.GetProperty("access_token").GetString()!;
        ProviderFlow.Groups(await _flow.ValidateAsync(accessToken)).ShouldBeEmpty();
        var (infoStatus, info) = await _flow.UserInfoAsync(accessToken);
        infoStatus.ShouldBe(HttpStatusCode.OK, info);
        var groups = JsonDocument.Parse(info).RootElement.TryGetProperty("groups", out var g) ? g.EnumerateArray().Select(e => e.GetString()).ToList() : [];
        groups.ShouldBeEmpty();
        (await _app.QueryAsync(db => Task.FromResult(db.Memberships.Count(m => m.PersonId == person.Id)))).ShouldBe(2, "the rows are kept dormant, not deleted");
    }

    [Fact]
    public async Task Refresh_PersonRemoved_InvalidGrant()
    {
        var (person, browser, _, _) = await MemberAsync();
        using var _ = browser;
        var client = await _flow.RegisterAsync(confidential: true, Scopes.Profile, Scopes.Email, PersonClaims.GroupsScope);
        var tokens = await CodeFlowAsync(browser, client);
        await _app.QueryAsync(async db =>
        {
            db.Memberships.RemoveRange(db.Memberships.Where(m => m.PersonId == person.Id));
            db.Sessions.RemoveRange(db.Sessions.Where(s => s.PersonId == person.Id));
            db.LocalAccounts.RemoveRange(db.LocalAccounts.Where(a => a.PersonId == person.Id));
            db.People.Remove(db.People.Single(p => p.Id == person.Id));
            return await db.SaveChangesAsync();
        });

        var (status, body) = await _flow.RefreshAsync(client, tokens.GetProperty("refresh_token").GetString()!);

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString().ShouldBe(Errors.InvalidGrant);
        body.TryGetProperty("id_token", out var _).ShouldBeFalse();
    }
}
