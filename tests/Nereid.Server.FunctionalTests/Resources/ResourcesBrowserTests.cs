using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nereid.Domain.People;
using Nereid.Server.Auth;
using Nereid.Server.Tokens;
using Nereid.TestSupport.Browser;

namespace Nereid.Server.FunctionalTests.Resources;

/// <summary>The seeded cluster served by Kestrel on 127.0.0.1 so a real browser can open it.</summary>
public sealed class KestrelResourcesWorld : ResourcesWorld
{
    protected override void Configure(ClusterAppFactory app) => app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    public Uri ServerAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}

/// <summary>Opens /resources in headless Chromium and saves the screenshot the README embeds.</summary>
public sealed class ResourcesBrowserTests(KestrelResourcesWorld world) : IClassFixture<KestrelResourcesWorld>
{
    [Fact]
    public async Task ResourcesPage_Browser_LiveGridRendersAndSorts()
    {
        string token;
        await using (var scope = world.App.Services.CreateAsyncScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();
            token = (await tokens.CreateAsync(new Actor(world.Member.Id, world.Member.DisplayName, Tier.User), "browser", 1, CancellationToken.None)).Secret;
        }
        var browser = await BrowserHarness.GetSharedAsync();
        await using var page = await browser.NewPageAsync(new BrowserNewContextOptions
        {
            BaseURL = world.ServerAddress.ToString(),
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });

        await page.Page.GotoAsync("/resources");
        await page.Page.WaitForSelectorAsync("#res-nodes[data-live='true']");
        await page.Page.ClickAsync("#res-nodes a[data-sort='free']");
        await page.Page.ClickAsync("#res-nodes a[data-sort='free']");

        var firstRow = await page.Page.Locator("#res-nodes tbody tr").First.Locator("td").First.TextContentAsync();
        firstRow.ShouldBe("a100-reserved");
        (await page.Page.Locator("#res-nodes tbody tr").CountAsync()).ShouldBe(6);
        page.Page.Url.ShouldContain("sort=free");
        var path = await BrowserHarness.SaveScreenshotAsync(page.Page, "resources-page");
        new FileInfo(path).Length.ShouldBeGreaterThan(0);
    }
}
