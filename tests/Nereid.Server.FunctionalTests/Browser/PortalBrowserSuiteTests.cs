using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Playwright;
using Nereid.TestSupport.Browser;
using Xunit.Abstractions;

namespace Nereid.Server.FunctionalTests.Browser;

/// <summary>
/// Every page of the portal, as every role, at a desktop (1,280 px) and a phone (390 px) width, in headless Chromium:
/// no horizontal overflow, exactly one H1, and no serious or critical axe-core finding. Full-page screenshots are kept
/// under the test artifacts (<c>screenshots/&lt;role&gt;-&lt;width&gt;-&lt;page&gt;.png</c>).
/// </summary>
public sealed class PortalBrowserSuiteTests(PortalWorld world, ITestOutputHelper output) : IClassFixture<PortalWorld>
{
    public static readonly int[] Widths = [1280, 390];

    // Roles are walked side by side (one context each) because most of a visit is waiting on the server and the browser.
    private const int RolesAtOnce = 3;

    [Fact]
    public void PageCatalog_EveryPageRoute_HasAnEntry()
    {
        PageCatalog.PageRoutes(world.App).Count.ShouldBeGreaterThan(30);
        PageCatalog.Missing(world.App).ShouldBeEmpty("pages the browser suite does not visit: add them to PageCatalog");
        PageCatalog.Stale(world.App).ShouldBeEmpty("catalog entries for routes the server no longer maps");
    }

    [Fact]
    public async Task EveryPage_EveryRoleBothWidths_FitsHasOneH1AndNoSeriousAxeFinding()
    {
        var clock = Stopwatch.StartNew();
        var browser = await BrowserHarness.GetSharedAsync();
        var visits = PageCatalog.Visits(world.App, world.RouteValues);
        var problems = new ConcurrentBag<string>();
        var audited = 0;
        var phases = new PhaseClock();
        using var gate = new SemaphoreSlim(RolesAtOnce);

        await Task.WhenAll(Enum.GetValues<PortalRole>().Select(async role =>
        {
            await gate.WaitAsync();
            try
            {
                var walk = await WalkAsync(browser, role, visits, phases);
                foreach (var problem in walk.Problems)
                    problems.Add(problem);
                Interlocked.Add(ref audited, walk.Audited);
            }
            finally
            {
                gate.Release();
            }
        }));

        var roles = Enum.GetValues<PortalRole>().Length;
        output.WriteLine($"{visits.Count} pages × {roles} roles × {Widths.Length} widths = {visits.Count * roles * Widths.Length} visits, " +
            $"{audited} distinct pages audited by axe, in {clock.Elapsed.TotalSeconds:F0} s ({phases})");
        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems.Order(StringComparer.Ordinal)));
    }

    private async Task<(List<string> Problems, int Audited)> WalkAsync(BrowserHarness browser, PortalRole role, IReadOnlyList<(string Name, string Url)> visits, PhaseClock phases)
    {
        var token = world.TokenFor(role);
        await using var tab = await browser.NewPageAsync(new BrowserNewContextOptions
        {
            BaseURL = world.BaseUrl,
            ViewportSize = new ViewportSize { Width = Widths[0], Height = 900 },
            ExtraHTTPHeaders = token is null ? [] : new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        });
        var problems = new List<string>();
        // A page this role already saw with the same markup (anonymous visitors sent to sign-in, guests turned away)
        // gives the same findings: it is checked once per width.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var width in Widths)
        {
            await tab.Page.SetViewportSizeAsync(width, 900);
            foreach (var (name, url) in visits)
            {
                var step = Stopwatch.StartNew();
                await tab.Page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
                if (await tab.Page.EvaluateAsync<bool>("() => document.scripts.length > 0"))
                    await tab.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                var fresh = seen.Add(width + " " + await PageAudit.FingerprintAsync(tab.Page));
                phases.Add("load", step);
                if (!fresh)
                    continue;
                problems.AddRange(await PageAudit.CheckAsync(tab.Page, $"{url} as {role} at {width} px"));
                phases.Add("audit", step);
                await PageAudit.ScreenshotAsync(tab.Page, role, width, name);
                phases.Add("screenshot", step);
            }
        }
        return (problems, seen.Count);
    }

    // Where the suite's time goes (summed over the roles walked side by side), so a slow run says which step to look at.
    private sealed class PhaseClock
    {
        private readonly ConcurrentDictionary<string, long> _ticks = new(StringComparer.Ordinal);

        public void Add(string phase, Stopwatch step)
        {
            _ticks.AddOrUpdate(phase, step.ElapsedTicks, (_, t) => t + step.ElapsedTicks);
            step.Restart();
        }

        public override string ToString() => string.Join(", ", _ticks.OrderBy(p => p.Key, StringComparer.Ordinal)
            // In double: Stopwatch ticks are nanoseconds here, and a quarter hour of them times TicksPerSecond overflowed a long.
            .Select(p => $"{p.Key} {(double)p.Value / Stopwatch.Frequency:F0} s"));
    }
}
