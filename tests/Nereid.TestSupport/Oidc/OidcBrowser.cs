using Microsoft.Playwright;

namespace Nereid.TestSupport.Oidc;

/// <summary>Headless Debian Chromium through Playwright (never downloads browsers) for driving login pages.</summary>
public sealed class OidcBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private OidcBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<OidcBrowser> LaunchAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Browser.BrowserHarness.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        return new OidcBrowser(playwright, browser);
    }

    /// <summary>A fresh context (no cookies shared with other logins).</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync();
        // CI machines are small and busy; a slow redirect is not a failure.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>Opens <paramref name="url"/>, signs in at the test provider as <paramref name="accountId"/>, and returns the page after redirects settle.</summary>
    public async Task<IPage> LoginAsync(string url, string accountId)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(url);
        await page.FillAsync("#login", accountId);
        await page.ClickAsync("#submit");
        // The provider redirects back to the relying party; wait until a page outside its interaction pages has committed
        // (redirects never commit, so that is the final page, cookies set). Lifecycle events ("load") are not awaited:
        // on busy machines Chromium has been seen never to report them, and readers locate the body, which waits itself.
        await Browser.PageUrl.WaitAsync(page, u => !u.Contains("/interaction/", StringComparison.Ordinal));
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
