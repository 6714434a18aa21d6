using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Nereid.TestSupport.Browser;

namespace Nereid.Server.FunctionalTests.Browser;

/// <summary>What one page, as one role sees it at one width, breaks: overflow, H1 count, serious or critical axe findings.</summary>
public static class PageAudit
{
    private static readonly string[] Blocking = ["serious", "critical"];

    /// <summary>Checks the page already loaded in <paramref name="page"/> and returns one line per problem (empty when clean).</summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(IPage page, string where)
    {
        var problems = new List<string>();
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        if (widths[0] > widths[1])
            problems.Add($"{where}: page is {widths[0]} px wide in a {widths[1]} px window (widest: {await WidestAsync(page)})");
        var h1 = await page.Locator("h1").CountAsync();
        if (h1 != 1)
            problems.Add($"{where}: {h1} h1 elements, want exactly one");
        AxeResult result = await page.RunAxe(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
        foreach (var violation in result.Violations.Where(v => Blocking.Contains(v.Impact)))
        {
            foreach (var node in violation.Nodes)
                problems.Add($"{where}: axe {violation.Impact} {violation.Id} at {node.Target} — {violation.Help}");
        }
        return problems;
    }

    /// <summary>The page's address and markup without its hidden inputs (antiforgery tokens, return URLs): equal fingerprints, equal findings.</summary>
    public static Task<string> FingerprintAsync(IPage page) => page.EvaluateAsync<string>("""
        () => location.pathname + '\n' + document.documentElement.outerHTML.replace(/<input[^>]*type="hidden"[^>]*>/g, '')
        """);

    /// <summary>Saves the full-page screenshot as <c>screenshots/&lt;role&gt;-&lt;width&gt;-&lt;page&gt;.png</c> under the test artifacts.</summary>
    public static Task<string> ScreenshotAsync(IPage page, PortalRole role, int width, string pageName) =>
        BrowserHarness.SaveScreenshotAsync(page, $"{role.ToString().ToLowerInvariant()}-{width}-{pageName}");

    // Names the element that sticks out furthest, so a failure says what to fix rather than only that something overflows.
    private static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>("""
        () => {
            let worst = null, right = window.innerWidth;
            for (const el of document.body.querySelectorAll('*')) {
                const r = el.getBoundingClientRect().right;
                if (r > right) { right = r; worst = el; }
            }
            // Text sticks out of its element without widening it (a long path in a list item): measure text nodes too.
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            for (let t = walker.nextNode(); t; t = walker.nextNode()) {
                range.selectNodeContents(t);
                const r = range.getBoundingClientRect().right;
                if (r > right) { right = r; worst = t.parentElement; }
            }
            if (!worst) return 'none found';
            const id = worst.id ? '#' + worst.id : '';
            const cls = worst.classList.length ? '.' + [...worst.classList].join('.') : '';
            return `${worst.tagName.toLowerCase()}${id}${cls} reaching ${Math.round(right)} px`;
        }
        """);
}
