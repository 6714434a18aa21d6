using System.Text.Json;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;
using Nereid.TestSupport.Browser;

namespace Nereid.Server.FunctionalTests.Browser;

/// <summary>What one page, as one role sees it at one width, breaks: overflow, H1 count, serious or critical axe findings.</summary>
public static class PageAudit
{
    // axe-core as Deque's package bundles it, run in the audited page itself. The package's RunAxe finishes every run in
    // a new browser page (a new renderer process and a second injection of the 600 KB script): with it the suite took
    // 1,120 s on a loaded machine, run here 349 s on the same machine. Portal pages have no frames whose results to merge.
    private static readonly Lazy<string> AxeScript = new(() => "() => {" + new BundledAxeScriptProvider().GetScript() + "\n}");

    private const string RunAxe = """
        async () => {
            const result = await axe.run(document, { resultTypes: ['violations'] });
            return JSON.stringify(result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')) })));
        }
        """;

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
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await page.EvaluateAsync(AxeScript.Value);
        foreach (var violation in JsonSerializer.Deserialize<List<AxeViolation>>(await page.EvaluateAsync<string>(RunAxe), Json)!)
        {
            foreach (var target in violation.Targets)
                problems.Add($"{where}: axe {violation.Impact} {violation.Id} at {target} — {violation.Help}");
        }
        return problems;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record AxeViolation(string Id, string Impact, string Help, List<string> Targets);

    /// <summary>The page's address and markup without its hidden inputs (antiforgery tokens, return URLs): equal fingerprints, equal findings.</summary>
    public static Task<string> FingerprintAsync(IPage page) => page.EvaluateAsync<string>("""
        () => location.pathname + '\n' + document.documentElement.outerHTML.replace(/<input[^>]*type="hidden"[^>]*>/g, '')
        """);

    /// <summary>Saves the full-page screenshot as <c>screenshots/&lt;role&gt;-&lt;width&gt;-&lt;page&gt;.png</c> under the test artifacts.</summary>
    public static Task<string> ScreenshotAsync(IPage page, PortalRole role, int width, string pageName) =>
        BrowserHarness.SaveScreenshotAsync(page, $"{role.ToString().ToLowerInvariant()}-{width}-{pageName}");

    // Names the element that sticks out furthest, so a failure says what to fix rather than only that something overflows.
    // Content inside a box that scrolls or clips sideways (a table in .table-wrap) cannot widen the page: it is skipped.
    private static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>("""
        () => {
            const clipped = el => {
                for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
                    if (getComputedStyle(a).overflowX !== 'visible') return true;
                return false;
            };
            let worst = null, right = window.innerWidth;
            for (const el of document.body.querySelectorAll('*')) {
                if (clipped(el)) continue;
                const r = el.getBoundingClientRect().right;
                if (r > right) { right = r; worst = el; }
            }
            // Text sticks out of its element without widening it (a long path in a list item): measure text nodes too.
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            for (let t = walker.nextNode(); t; t = walker.nextNode()) {
                if (!t.parentElement || clipped(t.parentElement)) continue;
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
