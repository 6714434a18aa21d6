using Microsoft.Playwright;
using Nereid.TestSupport.Browser;
using static Nereid.Server.FunctionalTests.Identity.IdentitySteps;

namespace Nereid.Server.FunctionalTests.Identity;

/// <summary>
/// Signing out of Nereid after a federated sign-in also ends the session at the provider (RP-initiated logout against
/// the real oidc-provider, with the kept ID token as hint), unless the operator turned that off for the provider.
/// Whether the provider's session is gone shows at the next sign-in: its login form, or straight back to Nereid.
/// </summary>
[Collection(IdentityCollection.Name)]
public sealed class UpstreamLogoutTests(IdentityFixture fx)
{
    [Fact]
    public async Task Logout_ProviderWithEndSession_EndsTheProviderSessionToo()
    {
        await AccountAsync(fx.Campus, "ul-cora", "Cora Chen", "cora@ucsd.edu", "UC San Diego");
        var page = await PortalLoginAsync(fx, "campus", "ul-cora");
        var person = (await PersonAsync(fx, fx.Campus.Issuer, "ul-cora")).ShouldNotBeNull();
        var idToken = (await LatestSessionAsync(fx, person.Id)).UpstreamIdToken.ShouldNotBeNull();
        idToken.Split('.').Length.ShouldBe(3, "the provider's ID token as issued is kept for the hint");

        await SignOutAsync(page);
        // At the provider's confirmation page, reached with Nereid's client and the hint (else it could not return us).
        await PageUrl.WaitAsync(page, u => u.StartsWith(fx.Campus.Issuer, StringComparison.Ordinal));
        await page.ClickAsync("#logout-yes");
        await PageUrl.WaitAsync(page, u => u == fx.App.BaseUrl + "/");

        (await page.Locator("p.banner[role=status]").InnerTextAsync()).ShouldBe("You are signed out, also at Campus SSO.");
        (await LatestSessionAsync(fx, person.Id)).RevokedAt.ShouldNotBeNull();
        // The provider forgot the person.
        await ShouldAskForTheAccountAgainAsync(fx, page, "campus", fx.Campus);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Logout_ProviderWithSignOutUpstreamOff_KeepsTheProviderSession()
    {
        await AccountAsync(fx.Partner, "ul-dev", "Dev Dutta", "dev@partner.edu", "Partner University");
        var page = await PortalLoginAsync(fx, "partner", "ul-dev");

        await SignOutAsync(page);
        await PageUrl.WaitAsync(page, u => u == fx.App.BaseUrl + "/");

        (await page.Locator("p.banner[role=status]").InnerTextAsync()).ShouldBe("You are signed out.");
        // Single sign-on at the provider still holds: the next sign-in comes straight back without its login form.
        await page.GotoAsync(fx.App.BaseUrl + "/login");
        await page.ClickAsync("button[data-provider=partner]");
        await PageUrl.WaitAsync(page, u => u.StartsWith(fx.App.BaseUrl + "/home", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    private async Task SignOutAsync(IPage page)
    {
        await page.GotoAsync(fx.App.BaseUrl + "/logout");
        await page.ClickAsync("main form.form button[type=submit]");
    }
}
