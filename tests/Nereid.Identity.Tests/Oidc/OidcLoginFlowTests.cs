using System.Text.Json;
using Microsoft.Playwright;
using Nereid.Identity.Oidc;

namespace Nereid.Identity.Tests.Oidc;

[Collection(OidcFlowCollection.Name)]
public sealed class OidcLoginFlowTests(OidcFlowFixture fx)
{
    private static async Task<JsonElement> MeAsync(IPage page)
    {
        var body = await page.Locator("body").InnerTextAsync();
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Login_RealProvider_SignsInMappedIdentity()
    {
        var page = await fx.Browser.LoginAsync(fx.App.BaseUrl + "/challenge/campus", "alice");

        page.Url.ShouldBe(fx.App.BaseUrl + "/me");
        var me = await MeAsync(page);
        me.GetProperty("issuer").GetString().ShouldBe(fx.Campus.Issuer);
        me.GetProperty("subject").GetString().ShouldBe("alice");
        me.GetProperty("email").GetString().ShouldBe("alice@ucsd.edu");
        me.GetProperty("displayName").GetString().ShouldBe("Alice Anders");
        me.GetProperty("idp").GetString().ShouldBe("urn:mace:incommon:ucsd.edu");
        me.GetProperty("idpName").GetString().ShouldBe("UC San Diego");
        me.GetProperty("affiliation").GetString().ShouldBe("faculty@ucsd.edu");
        me.GetProperty("issuerName").GetString().ShouldBe("campus");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Login_ClaimsChangedAtProvider_SecondLoginSeesNewClaims()
    {
        var claims = new Dictionary<string, string>
        {
            ["email"] = "carol@sdsu.edu", ["name"] = "Carol Chen", ["idp"] = "urn:mace:incommon:sdsu.edu",
            ["idp_name"] = "San Diego State", ["affiliation"] = "student@sdsu.edu",
        };
        await fx.Campus.SetAccountClaimsAsync("carol", claims);
        var first = await fx.Browser.LoginAsync(fx.App.BaseUrl + "/challenge/campus", "carol");
        (await MeAsync(first)).GetProperty("email").GetString().ShouldBe("carol@sdsu.edu");
        await first.Context.CloseAsync();

        claims["email"] = "carol.chen@sdsu.edu";
        claims["affiliation"] = "staff@sdsu.edu";
        await fx.Campus.SetAccountClaimsAsync("carol", claims);
        var second = await fx.Browser.LoginAsync(fx.App.BaseUrl + "/challenge/campus", "carol");

        var me = await MeAsync(second);
        me.GetProperty("subject").GetString().ShouldBe("carol");
        me.GetProperty("email").GetString().ShouldBe("carol.chen@sdsu.edu");
        me.GetProperty("affiliation").GetString().ShouldBe("staff@sdsu.edu");
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task Login_TwoIssuers_BothSignInWithTheirOwnIssuer()
    {
        var a = await fx.Browser.LoginAsync(fx.App.BaseUrl + "/challenge/campus", "bob");
        var b = await fx.Browser.LoginAsync(fx.App.BaseUrl + "/challenge/partner", "bob");

        var meA = await MeAsync(a);
        var meB = await MeAsync(b);
        meA.GetProperty("issuer").GetString().ShouldBe(fx.Campus.Issuer);
        meB.GetProperty("issuer").GetString().ShouldBe(fx.Partner.Issuer);
        meA.GetProperty("subject").GetString().ShouldBe("bob");
        meB.GetProperty("subject").GetString().ShouldBe("bob");
        meB.GetProperty("displayName").GetString().ShouldBe("Bob Baker");
        meB.GetProperty("affiliation").GetString().ShouldBe("bob@unl.edu");
        await a.Context.CloseAsync();
        await b.Context.CloseAsync();
    }

    [Fact]
    public async Task Challenge_IssuerUnreachable_RedirectsToLoginErrorWithoutStackTrace()
    {
        var page = await fx.Browser.NewPageAsync();
        var response = await page.GotoAsync(fx.App.BaseUrl + "/challenge/down");

        page.Url.ShouldBe(fx.App.BaseUrl + "/login?error=" + OidcFailureCodes.IssuerUnreachable);
        response!.Status.ShouldBe(200);
        var text = await page.Locator("body").InnerTextAsync();
        text.ShouldContain("could not be reached");
        text.ShouldNotContain("Exception");
        await page.Context.CloseAsync();
    }
}
