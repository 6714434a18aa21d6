using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.Errors;
using Nereid.Domain.People;
using Nereid.Data;
using Nereid.Identity.Oidc;
using Nereid.Server.Auth;
using Nereid.Server.Identity;
using Nereid.Server.Pages.Account;
using Nereid.Server.People;
using static Nereid.Server.FunctionalTests.Identity.IdentitySteps;

namespace Nereid.Server.FunctionalTests.Identity;

[Collection(IdentityCollection.Name)]
public sealed class FederatedLoginTests(IdentityFixture fx)
{
    [Fact]
    public async Task Login_FirstTime_CreatesSignedInGuestFromClaims()
    {
        await AccountAsync(fx.Campus, "fl-ana", "Ana Alvarez", "ana@ucsd.edu", "UC San Diego");

        var page = await PortalLoginAsync(fx, "campus", "fl-ana");

        page.Url.ShouldBe(fx.App.BaseUrl + "/home");
        var person = (await PersonAsync(fx, fx.Campus.Issuer, "fl-ana")).ShouldNotBeNull();
        person.Tier.ShouldBe(Tier.Guest);
        person.DisplayName.ShouldBe("Ana Alvarez");
        person.Email.ShouldBe("ana@ucsd.edu");
        person.Institution.ShouldBe("UC San Diego");
        person.ExternalIdentities.ShouldHaveSingleItem().IdpName.ShouldBe("UC San Diego");
        (await AuditActionsAsync(fx, person.Id)).ShouldBe(["person.create", "identity.link", "login"], ignoreOrder: true);
        await page.GotoAsync(fx.App.BaseUrl + "/profile");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Ana Alvarez");
        (await page.Locator("#linked-identities").InnerTextAsync()).ShouldContain("Campus SSO");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Login_ClaimsChangedAtProvider_SamePersonResynced()
    {
        await AccountAsync(fx.Campus, "fl-ben", "Ben Brooks", "ben@sdsu.edu", "San Diego State");
        await (await PortalLoginAsync(fx, "campus", "fl-ben")).Context.CloseAsync();
        var first = (await PersonAsync(fx, fx.Campus.Issuer, "fl-ben")).ShouldNotBeNull();

        await AccountAsync(fx.Campus, "fl-ben", "Benjamin Brooks", "benjamin.brooks@ucla.edu", "UCLA");
        var page = await PortalLoginAsync(fx, "campus", "fl-ben");

        var second = (await PersonAsync(fx, fx.Campus.Issuer, "fl-ben")).ShouldNotBeNull();
        second.Id.ShouldBe(first.Id);
        second.DisplayName.ShouldBe("Benjamin Brooks");
        second.Email.ShouldBe("benjamin.brooks@ucla.edu");
        second.Institution.ShouldBe("UCLA");
        second.ExternalIdentities.ShouldHaveSingleItem().LastLoginAt.ShouldNotBeNull();
        (await AuditActionsAsync(fx, first.Id)).Count(a => a == "login").ShouldBe(2);
        await page.GotoAsync(fx.App.BaseUrl + "/profile");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Benjamin Brooks");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Login_SuspendedPerson_RefusedWithMessageNoSessionNothingRecordedAsLogin()
    {
        // An email no other test of the shared identity fixture uses: a matching one would get the offer to link instead of a new person.
        await AccountAsync(fx.Campus, "fl-hal", "Hal Hart", "hhart@ucsd.edu", "UC San Diego");
        await (await PortalLoginAsync(fx, "campus", "fl-hal")).Context.CloseAsync();
        var hal = (await PersonAsync(fx, fx.Campus.Issuer, "fl-hal")).ShouldNotBeNull();
        await using (var scope = fx.App.Services.CreateAsyncScope())
        {
            var admin = await fx.App.AdminAsync();
            await scope.ServiceProvider.GetRequiredService<PeopleService>()
                .SuspendAsync(new Actor(admin.Id, admin.DisplayName, admin.Tier), hal.Id, "left the project", CancellationToken.None);
        }
        var sessionsBefore = await SessionCountAsync(hal.Id);

        var page = await PortalLoginAsync(fx, "campus", "fl-hal");

        page.Url.ShouldStartWith(fx.App.BaseUrl + "/login/external");
        var text = await page.Locator("body").InnerTextAsync();
        text.ShouldContain(LoginModel.SuspendedMessage);
        text.ShouldNotContain("Exception");
        var me = await page.Context.APIRequest.GetAsync(fx.App.BaseUrl + "/api/v1/me");
        me.Status.ShouldBe(401, "no session was started");
        await page.GotoAsync(fx.App.BaseUrl + "/home");
        page.Url.ShouldStartWith(fx.App.BaseUrl + "/login", customMessage: "the portal still treats the browser as signed out");
        await page.Context.CloseAsync();
        (await SessionCountAsync(hal.Id)).ShouldBe(sessionsBefore);
        var again = (await PersonAsync(fx, fx.Campus.Issuer, "fl-hal")).ShouldNotBeNull();
        again.Id.ShouldBe(hal.Id, "the refusal neither made a fresh guest nor moved the identity");
        again.IsSuspended.ShouldBeTrue();
        var actions = await AuditActionsAsync(fx, hal.Id);
        actions.Count(a => a == "login").ShouldBe(1, "only the sign-in before the suspension");
        actions.ShouldContain("login.refused");
    }

    [Fact]
    public async Task Link_SecondProviderWhileSignedIn_OnePersonWithTwoIdentities()
    {
        await AccountAsync(fx.Campus, "fl-cy", "Cy Cole", "cy@ucsd.edu", "UC San Diego");
        await AccountAsync(fx.Partner, "fl-cy-p", "Cy Cole", "ccole@unl.edu", "University of Nebraska");
        var page = await PortalLoginAsync(fx, "campus", "fl-cy");
        await page.GotoAsync(fx.App.BaseUrl + "/profile");

        await page.SelectOptionAsync("#link-provider", "partner");
        await page.ClickAsync("form:has(#link-provider) button[type=submit]");
        await FinishProviderLoginAsync(fx, page, "fl-cy-p");

        page.Url.ShouldBe(fx.App.BaseUrl + "/profile");
        (await page.Locator("body").InnerTextAsync()).ShouldContain("Linked");
        var viaCampus = (await PersonAsync(fx, fx.Campus.Issuer, "fl-cy")).ShouldNotBeNull();
        var viaPartner = (await PersonAsync(fx, fx.Partner.Issuer, "fl-cy-p")).ShouldNotBeNull();
        viaPartner.Id.ShouldBe(viaCampus.Id);
        viaCampus.ExternalIdentities.Count.ShouldBe(2);
        (await AuditActionsAsync(fx, viaCampus.Id)).Count(a => a == "identity.link").ShouldBe(2);
        await page.Context.CloseAsync();

        var again = await PortalLoginAsync(fx, "partner", "fl-cy-p");
        await again.GotoAsync(fx.App.BaseUrl + "/profile");
        (await again.Locator("#linked-identities").InnerTextAsync()).ShouldContain("Partner University");
        (await PersonAsync(fx, fx.Partner.Issuer, "fl-cy-p"))!.Id.ShouldBe(viaCampus.Id);
        await again.Context.CloseAsync();
    }

    [Fact]
    public async Task Link_IdentityOfAnotherPerson_RefusedWithMessage()
    {
        await AccountAsync(fx.Partner, "fl-dee-p", "Dee Diaz", "dee@unl.edu", "University of Nebraska");
        await AccountAsync(fx.Campus, "fl-eve", "Eve Ellis", "eve@ucsd.edu", "UC San Diego");
        await (await PortalLoginAsync(fx, "partner", "fl-dee-p")).Context.CloseAsync();
        var dee = (await PersonAsync(fx, fx.Partner.Issuer, "fl-dee-p")).ShouldNotBeNull();
        var page = await PortalLoginAsync(fx, "campus", "fl-eve");
        await page.GotoAsync(fx.App.BaseUrl + "/profile");

        await page.SelectOptionAsync("#link-provider", "partner");
        await page.ClickAsync("form:has(#link-provider) button[type=submit]");
        await FinishProviderLoginAsync(fx, page, "fl-dee-p");

        (await page.Locator("body").InnerTextAsync()).ShouldContain("already belongs to another Nereid person");
        (await PersonAsync(fx, fx.Partner.Issuer, "fl-dee-p"))!.Id.ShouldBe(dee.Id);
        (await PersonAsync(fx, fx.Campus.Issuer, "fl-eve"))!.ExternalIdentities.ShouldHaveSingleItem();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Unlink_OnlyWayToSignIn_Refused_OtherwiseRemovedAndAudited()
    {
        await AccountAsync(fx.Campus, "fl-fay", "Fay Fox", "fay@ucsd.edu", "UC San Diego");
        await (await PortalLoginAsync(fx, "campus", "fl-fay")).Context.CloseAsync();
        var fay = (await PersonAsync(fx, fx.Campus.Issuer, "fl-fay")).ShouldNotBeNull();
        var actor = new Actor(fay.Id, fay.DisplayName, fay.Tier);
        var only = fay.ExternalIdentities.ShouldHaveSingleItem();
        await using var scope = fx.App.Services.CreateAsyncScope();
        var logins = scope.ServiceProvider.GetRequiredService<ExternalLoginService>();

        await Should.ThrowAsync<ConflictException>(() => logins.UnlinkAsync(actor, only.Id, CancellationToken.None));

        var second = new Nereid.Identity.Oidc.ExternalIdentity(fx.Partner.Issuer, "fl-fay-p", "University of Nebraska", "fay@unl.edu",
            "Fay Fox", null, null, null, null, new Dictionary<string, string>());
        await logins.LinkAsync(actor, second, CancellationToken.None);
        await logins.UnlinkAsync(actor, only.Id, CancellationToken.None);
        (await PersonAsync(fx, fx.Campus.Issuer, "fl-fay")).ShouldBeNull();
        (await PersonAsync(fx, fx.Partner.Issuer, "fl-fay-p"))!.Id.ShouldBe(fay.Id);
        (await AuditActionsAsync(fx, fay.Id)).ShouldContain("identity.unlink");
    }

    [Fact]
    public async Task Login_TamperedState_NoPersonNoSessionReadableError()
    {
        await AccountAsync(fx.Campus, "fl-gus", "Gus Green", "gus@ucsd.edu", "UC San Diego");
        var page = await fx.Browser.NewPageAsync();
        var held = fx.App.HoldNextCallback();
        await page.GotoAsync(fx.App.BaseUrl + "/login");
        await page.ClickAsync("button[data-provider=campus]");
        await page.FillAsync("#login", "fl-gus");
        await page.ClickAsync("#submit");
        var callback = new Uri(await held.WaitAsync(TimeSpan.FromSeconds(20)));
        var query = QueryHelpers.ParseQuery(callback.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        var state = query["state"]!.ToCharArray();
        state[state.Length / 2] = state[state.Length / 2] == 'A' ? 'B' : 'A';
        query["state"] = new string(state);

        await page.GotoAsync(QueryHelpers.AddQueryString(callback.GetLeftPart(UriPartial.Path), query));

        page.Url.ShouldBe(fx.App.BaseUrl + "/login?error=" + OidcFailureCodes.StateInvalid);
        var text = await page.Locator("body").InnerTextAsync();
        text.ShouldContain(OidcFailureCodes.Describe(OidcFailureCodes.StateInvalid));
        text.ShouldNotContain("Exception");
        (await PersonAsync(fx, fx.Campus.Issuer, "fl-gus")).ShouldBeNull();
        var me = await page.Context.APIRequest.GetAsync(fx.App.BaseUrl + "/api/v1/me");
        me.Status.ShouldBe(401);
        await page.Context.CloseAsync();
    }

    private async Task<int> SessionCountAsync(Guid personId)
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Sessions.CountAsync(s => s.PersonId == personId);
    }
}
