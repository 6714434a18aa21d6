using static Nereid.Server.FunctionalTests.Identity.IdentitySteps;

namespace Nereid.Server.FunctionalTests.Identity;

/// <summary>
/// A first sign-in through another IdP whose email matches an existing person: a verified email gets the offer to sign
/// in with the existing account and link (no person made, nothing linked, nobody signed in); an unverified one gets no
/// offer and a new guest, as before. Either way the existing account is not taken over.
/// </summary>
[Collection(IdentityCollection.Name)]
public sealed class LinkOfferTests(IdentityFixture fx)
{
    [Fact]
    public async Task FirstSignIn_VerifiedEmailOfExistingPerson_OfferedToLinkAndNothingTakenOver()
    {
        await AccountAsync(fx.Campus, "lo-vic", "Vic Vance", "vic.vance@ucsd.edu", "UC San Diego");
        await AccountAsync(fx.Partner, "lo-vic-p", "Vic Vance", "Vic.Vance@ucsd.edu", "University of Nebraska");
        await (await PortalLoginAsync(fx, "campus", "lo-vic")).Context.CloseAsync();
        var vic = (await PersonAsync(fx, fx.Campus.Issuer, "lo-vic")).ShouldNotBeNull();

        var page = await PortalLoginAsync(fx, "partner", "lo-vic-p");

        (await page.Locator("#link-offer").InnerTextAsync()).ShouldContain("vic.vance@ucsd.edu", Case.Insensitive);
        (await page.Locator("body").InnerTextAsync()).ShouldContain("Sign in with your existing account to link");
        (await PersonAsync(fx, fx.Partner.Issuer, "lo-vic-p")).ShouldBeNull("no person is made and nothing is linked");
        (await PersonAsync(fx, fx.Campus.Issuer, "lo-vic"))!.ExternalIdentities.ShouldHaveSingleItem();
        await page.GotoAsync(fx.App.BaseUrl + "/profile");
        page.Url.ShouldStartWith(fx.App.BaseUrl + "/login"); // not signed in as Vic
        await page.Context.CloseAsync();
        (await AuditActionsAsync(fx, vic.Id)).Count(a => a == "identity.link").ShouldBe(1, "only Vic's own first sign-in linked anything");
    }

    [Fact]
    public async Task FirstSignIn_UnverifiedEmailOfExistingPerson_NoOfferNewGuest()
    {
        await AccountAsync(fx.Campus, "lo-wes", "Wes Wong", "wes.wong@ucsd.edu", "UC San Diego");
        await fx.Partner.SetAccountClaimsAsync("lo-wes-p", new Dictionary<string, string>
        {
            ["name"] = "Wes Wong", ["email"] = "wes.wong@ucsd.edu", ["email_verified"] = "false", ["idp_name"] = "University of Nebraska",
        });
        await (await PortalLoginAsync(fx, "campus", "lo-wes")).Context.CloseAsync();
        var wes = (await PersonAsync(fx, fx.Campus.Issuer, "lo-wes")).ShouldNotBeNull();

        var page = await PortalLoginAsync(fx, "partner", "lo-wes-p");

        (await page.Locator("#link-offer").CountAsync()).ShouldBe(0);
        var stranger = (await PersonAsync(fx, fx.Partner.Issuer, "lo-wes-p")).ShouldNotBeNull();
        stranger.Id.ShouldNotBe(wes.Id);
        stranger.Tier.ShouldBe(Domain.People.Tier.Guest);
        (await PersonAsync(fx, fx.Campus.Issuer, "lo-wes"))!.ExternalIdentities.ShouldHaveSingleItem();
        await page.Context.CloseAsync();
    }
}
