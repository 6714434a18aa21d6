using Microsoft.Playwright;
using Nereid.TestSupport.Browser;

namespace Nereid.Server.FunctionalTests.Browser;

/// <summary>
/// The audit the browser suite relies on finds what it must: a page with known defects gets one line for each (axe-core
/// run inside the page, overflow, H1 count), the same page mended gets none.
/// </summary>
public sealed class PageAuditTests
{
    private const string Defective = """
        <!doctype html><html lang="en"><head><title>t</title></head><body>
        <h1>One</h1><h1>Two</h1>
        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
        <input id="q" type="text">
        <div style="width: 900px">wide</div>
        </body></html>
        """;

    private const string Mended = """
        <!doctype html><html lang="en"><head><title>t</title></head><body><main>
        <h1>One</h1><h2>Two</h2>
        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="dot">
        <label for="q">Query</label><input id="q" type="text">
        <div>narrow</div>
        </main></body></html>
        """;

    [Fact]
    public async Task CheckAsync_KnownDefects_EachReported_MendedPageClean()
    {
        var browser = await BrowserHarness.GetSharedAsync();
        await using var tab = await browser.NewPageAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 800 } });

        await tab.Page.SetContentAsync(Defective);
        var problems = await PageAudit.CheckAsync(tab.Page, "defective");

        problems.ShouldContain(p => p.StartsWith("defective: page is ", StringComparison.Ordinal) && p.Contains("in a 390 px window", StringComparison.Ordinal));
        problems.ShouldContain("defective: 2 h1 elements, want exactly one");
        problems.ShouldContain(p => p.StartsWith("defective: axe critical image-alt at img", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("defective: axe critical label at #q", StringComparison.Ordinal));

        await tab.Page.SetContentAsync(Mended);
        (await PageAudit.CheckAsync(tab.Page, "mended")).ShouldBeEmpty();
    }
}
