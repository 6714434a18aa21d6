using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nereid.TestSupport.Browser;
using Nereid.TestSupport.Paths;
using Nereid.TestSupport.Loopback;

namespace Nereid.TestSupport.Tests.Browser;

public class BrowserHarnessTests
{
    private const string Page = """
        <!doctype html>
        <html><head><title>Nereid harness</title></head>
        <body>
          <h1>Namespaces</h1>
          <button id="create" onclick="fetch('/clicked', {method: 'POST'}).then(r => r.text()).then(t => document.getElementById('status').textContent = t)">Create</button>
          <p id="status">idle</p>
        </body></html>
        """;

    [Fact]
    public async Task NewPageAsync_LocalKestrelPage_ClicksButtonAndSavesScreenshot()
    {
        var posts = 0;
        await using var web = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/", () => Results.Content(Page, "text/html"));
            app.MapPost("/clicked", () => $"created {Interlocked.Increment(ref posts)}");
        }, cancellationToken: TestTimeout.Token);
        var harness = await BrowserHarness.GetSharedAsync();
        await using var session = await harness.NewPageAsync();

        await session.Page.GotoAsync(web.BaseAddress.ToString());
        (await session.Page.TitleAsync()).ShouldBe("Nereid harness");
        await session.Page.ClickAsync("#create");
        await session.Page.WaitForSelectorAsync("#status:text('created 1')");
        var path = await BrowserHarness.SaveScreenshotAsync(session.Page, nameof(NewPageAsync_LocalKestrelPage_ClicksButtonAndSavesScreenshot));

        posts.ShouldBe(1);
        path.ShouldStartWith(TestArtifacts.Directory);
        var png = await File.ReadAllBytesAsync(path, TestTimeout.Token);
        png.Length.ShouldBeGreaterThan(1000);
        png[..4].ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
    }

    [Fact]
    public async Task NewPageAsync_TwoPages_HaveSeparateCookies()
    {
        await using var web = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/set", (HttpContext c) => { c.Response.Cookies.Append("who", "first"); return "set"; });
            app.MapGet("/get", (HttpContext c) => c.Request.Cookies["who"] ?? "none");
        }, cancellationToken: TestTimeout.Token);
        var harness = await BrowserHarness.GetSharedAsync();
        await using var first = await harness.NewPageAsync();
        await using var second = await harness.NewPageAsync();

        await first.Page.GotoAsync(new Uri(web.BaseAddress, "set").ToString());
        await first.Page.GotoAsync(new Uri(web.BaseAddress, "get").ToString());
        await second.Page.GotoAsync(new Uri(web.BaseAddress, "get").ToString());

        (await first.Page.InnerTextAsync("body")).ShouldBe("first");
        (await second.Page.InnerTextAsync("body")).ShouldBe("none");
    }
}
