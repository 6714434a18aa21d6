using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using Nereid.Identity.Oidc;

namespace Nereid.Identity.Tests.Oidc;

/// <summary>Callbacks that must end on the login page with an error code, never signed in, never a stack trace.</summary>
[Collection(OidcFlowCollection.Name)]
public sealed class OidcCallbackFailureTests(OidcFlowFixture fx)
{
    /// <summary>Runs a login up to the provider's redirect back to us and returns that callback URL without visiting it.</summary>
    private async Task<string> CaptureCallbackAsync(IPage page, string account = "alice")
    {
        var held = fx.App.HoldNextCallback();
        await page.GotoAsync(fx.App.BaseUrl + "/challenge/campus");
        if (!held.IsCompleted)
        {
            // No provider session yet in this browser context: sign in.
            await page.FillAsync("#login", account);
            await page.ClickAsync("#submit");
        }
        return await held.WaitAsync(TimeSpan.FromSeconds(20));
    }

    private static string WithQuery(string url, Func<Dictionary<string, string?>, Dictionary<string, string?>> edit)
    {
        var uri = new Uri(url);
        var query = QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        return QueryHelpers.AddQueryString(uri.GetLeftPart(UriPartial.Path), edit(query));
    }

    private async Task AssertFailedAsync(IPage page, string expectedCode)
    {
        page.Url.ShouldBe(fx.App.BaseUrl + "/login?error=" + expectedCode);
        var text = await page.Locator("body").InnerTextAsync();
        text.ShouldNotContain("Exception");
        text.ShouldNotMatch(@"at \w+(\.\w+)+\(");
        await page.GotoAsync(fx.App.BaseUrl + "/me");
        (await page.Locator("body").InnerTextAsync()).ShouldBe("anonymous");
    }

    private async Task<IPage> VisitAsync(string url)
    {
        var page = await fx.Browser.NewPageAsync();
        await page.GotoAsync(url);
        return page;
    }

    [Fact]
    public async Task Callback_TamperedState_RedirectsWithStateInvalid()
    {
        var page = await fx.Browser.NewPageAsync();
        var callback = await CaptureCallbackAsync(page);
        var tampered = WithQuery(callback, q =>
        {
            var s = q["state"]!.ToCharArray();
            s[s.Length / 2] = s[s.Length / 2] == 'A' ? 'B' : 'A';
            q["state"] = new string(s);
            return q;
        });

        await page.GotoAsync(tampered);

        await AssertFailedAsync(page, OidcFailureCodes.StateInvalid);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("missing-state", OidcFailureCodes.StateInvalid)]
    [InlineData("garbled-state", OidcFailureCodes.StateInvalid)]
    [InlineData("missing-code", OidcFailureCodes.MissingCode)]
    [InlineData("provider-error", OidcFailureCodes.AccessDenied)]
    public async Task Callback_BadParameters_RedirectsWithErrorCode(string variant, string expected)
    {
        var page = await fx.Browser.NewPageAsync();
        var callback = await CaptureCallbackAsync(page);
        var bad = WithQuery(callback, q =>
        {
            switch (variant)
            {
                case "missing-state": q.Remove("state"); break;
                case "garbled-state": q["state"] = "%%not*base64!!"; break;
                case "missing-code": q.Remove("code"); break;
                case "provider-error": q.Remove("code"); q["error"] = "access_denied"; q["error_description"] = "user said no"; break;
            }
            return q;
        });

        await page.GotoAsync(bad);

        await AssertFailedAsync(page, expected);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Callback_IssParameterNamesAnotherIssuer_RedirectsWithCallbackIssuerMismatchBeforeExchange()
    {
        var page = await fx.Browser.NewPageAsync();
        var callback = await CaptureCallbackAsync(page);
        // The real provider sends the RFC 9207 parameter; the honest callback names the campus issuer.
        QueryHelpers.ParseQuery(new Uri(callback).Query)["iss"].ToString().ShouldBe(fx.Campus.Issuer);
        var before = await fx.Campus.TokenRequestCountAsync("authorization_code");
        var mixedUp = WithQuery(callback, q => { q["iss"] = fx.Partner.Issuer; return q; });

        await page.GotoAsync(mixedUp);

        await AssertFailedAsync(page, OidcFailureCodes.CallbackIssuerMismatch);
        (await fx.Campus.TokenRequestCountAsync("authorization_code")).ShouldBe(before);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Callback_CodeWithAnotherLoginsPkceVerifier_RejectedByProvider()
    {
        var page = await fx.Browser.NewPageAsync();
        var first = await CaptureCallbackAsync(page);
        var second = await CaptureCallbackAsync(page);
        var before = await fx.Campus.TokenRequestCountAsync("authorization_code");
        // The second login's state (and so its PKCE verifier and correlation cookie) with the first login's code.
        var mixed = WithQuery(second, q => { q["code"] = QueryHelpers.ParseQuery(new Uri(first).Query)["code"].ToString(); return q; });

        await page.GotoAsync(mixed);

        await AssertFailedAsync(page, OidcFailureCodes.TokenExchangeFailed);
        (await fx.Campus.TokenRequestCountAsync("authorization_code")).ShouldBe(before + 1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Callback_ReplayedAuthorizationCode_RejectedAndNotSignedIn()
    {
        var victim = await fx.Browser.NewPageAsync();
        var callback = await CaptureCallbackAsync(victim);
        var cookies = await victim.Context.CookiesAsync([callback]);
        cookies.ShouldContain(c => c.Name.StartsWith(".AspNetCore.Correlation."));
        await victim.GotoAsync(callback);
        victim.Url.ShouldBe(fx.App.BaseUrl + "/me");

        // An attacker who copied the callback URL and the correlation cookie replays them.
        var attacker = await fx.Browser.NewPageAsync();
        await attacker.Context.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        await attacker.GotoAsync(callback);

        await AssertFailedAsync(attacker, OidcFailureCodes.TokenExchangeFailed);
        await victim.Context.CloseAsync();
        await attacker.Context.CloseAsync();
    }
}
