using System.Text.Json;
using Microsoft.Playwright;
using Nereid.Domain.People;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Identity;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.TestSupport.Browser;

namespace Nereid.Server.FunctionalTests.Security;

/// <summary>The Content-Security-Policy as headless Chromium enforces it: real pages raise no violation, injected inline script is blocked.</summary>
public sealed class CspBrowserTests : IAsyncLifetime
{
    // Runs before any page script (Playwright injects it outside the page's policy) and records what the browser reports.
    private const string Recorder = """
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + e.sourceFile + ':' + e.lineNumber));
        """;

    private readonly KestrelNereidAppFactory _app = new(new StaticClusterConnections([]));
    private BrowserPage _page = null!;

    public async Task InitializeAsync()
    {
        _app.Start();
        var owner = await _app.CreatePersonAsync("cspowner", Tier.Admin);
        await _app.CreateNamespaceAsync(owner, "csp-ns");
        var browser = await BrowserHarness.GetSharedAsync();
        _page = await browser.NewPageAsync(new BrowserNewContextOptions { BaseURL = _app.BaseUrl });
        await _page.Context.AddInitScriptAsync(Recorder);
        await _page.Page.GotoAsync("/login");
        await _page.Page.FillAsync("input[name='Input.UserName']", "admin");
        await _page.Page.FillAsync("input[name='Input.Password']", Infrastructure.NereidAppFactory.AdminPassword);
        await _page.Page.ClickAsync("form.form button[type='submit']");
        await _page.Page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        await _page.DisposeAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task EveryPage_SignedInAdmin_LoadsWithNoCspViolation()
    {
        var pages = SiteRoutes.Pages(_app, new Dictionary<string, string> { ["name"] = "csp-ns", ["namespace"] = "csp-ns" });
        pages.Count.ShouldBeGreaterThan(15);
        var violations = new List<string>();

        foreach (var url in pages)
        {
            await _page.Page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
            violations.AddRange((await ViolationsAsync()).Select(v => url + ": " + v));
        }

        violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task InjectedInlineScript_RealPage_IsBlockedAndReported()
    {
        await _page.Page.GotoAsync("/namespaces/csp-ns", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        (await ViolationsAsync()).ShouldBeEmpty();

        // What stored XSS would amount to: a script element with inline code added to the page, plus an inline handler.
        await _page.Page.EvaluateAsync("""
            () => {
                const s = document.createElement('script');
                s.textContent = 'window.__ran = true;';
                document.body.appendChild(s);
                const d = document.createElement('div');
                d.innerHTML = '<img src="/css/site.css?x" onerror="window.__ran = true">';
                document.body.appendChild(d);
            }
            """);
        await _page.Page.WaitForFunctionAsync("() => window.__csp.length >= 2");

        (await _page.Page.EvaluateAsync<bool>("() => window.__ran === true")).ShouldBeFalse();
        var violations = await ViolationsAsync();
        violations.ShouldContain(v => v.StartsWith("script-src-elem inline", StringComparison.Ordinal));
        violations.ShouldContain(v => v.StartsWith("script-src-attr inline", StringComparison.Ordinal));
    }

    private async Task<List<string>> ViolationsAsync() =>
        JsonSerializer.Deserialize<List<string>>(await _page.Page.EvaluateAsync<string>("() => JSON.stringify(window.__csp || [])"))!;
}
