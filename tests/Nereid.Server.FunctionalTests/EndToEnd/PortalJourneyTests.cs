using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nereid.Domain.People;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Identity;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.TestSupport.Browser;

namespace Nereid.Server.FunctionalTests.EndToEnd;

/// <summary>The real portal on a loopback port, driven by headless Chromium.</summary>
public sealed class PortalWorld : IAsyncLifetime
{
    public KestrelNereidAppFactory App { get; } = new(new StaticClusterConnections([]));
    public BrowserHarness Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App.Start();
        Browser = await BrowserHarness.GetSharedAsync();
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class PortalJourneyTests(PortalWorld world) : IClassFixture<PortalWorld>
{
    private async Task<BrowserPage> SignInAsync(string user, string password)
    {
        var session = await world.Browser.NewPageAsync();
        var page = session.Page;
        await page.GotoAsync(world.App.BaseUrl + "/login");
        await page.FillAsync("#Input_UserName", user);
        await page.FillAsync("#Input_Password", password);
        await page.ClickAsync("button:has-text('Sign in')");
        // Only the commit is awaited: on busy machines Chromium has been seen never to report a page's lifecycle events.
        await PageUrl.WaitAsync(page, url => !url.Contains("/login", StringComparison.Ordinal));
        return session;
    }

    [Fact]
    public async Task FirstRunAdmin_CreatesNamespace_UserJoins_AdminApproves_MemberAppears()
    {
        await world.App.CreatePersonAsync("jdoe", Tier.User, "jdoe@ucsd.edu");

        await using var admin = await SignInAsync(NereidAppFactory.AdminUser, NereidAppFactory.AdminPassword);
        // The institution is added on its admin page first: the namespace form picks it from the list.
        await admin.Page.GotoAsync(world.App.BaseUrl + "/admin/institutions");
        await admin.Page.FillAsync("#Input_Name", "UC San Diego");
        await admin.Page.FillAsync("#Input_ShortNames", "UCSD");
        await admin.Page.FillAsync("#Input_Domain", "ucsd.edu");
        await admin.Page.ClickAsync("button:has-text('Add')");
        await admin.Page.GetByText("UC San Diego added.").WaitForAsync();
        await admin.Page.GotoAsync(world.App.BaseUrl + "/manage/create");
        await admin.Page.FillAsync("#Input_Name", "ocean-lab");
        await admin.Page.SelectOptionAsync("#Input_Institution", "UC San Diego");
        await admin.Page.FillAsync("#Input_Pis", "Dr. Marine");
        await admin.Page.FillAsync("#Input_Software", "PyTorch");
        await admin.Page.FillAsync("#Input_Description", "Ocean **circulation** models on GPUs.");
        await admin.Page.ClickAsync("button:has-text('Create namespace')");
        await PageUrl.WaitAsync(admin.Page, url => url.Contains("/namespaces/ocean-lab", StringComparison.Ordinal));
        await admin.Page.Locator("body").WaitForAsync();
        await BrowserHarness.SaveScreenshotAsync(admin.Page, "e2e-1-namespace-created");

        await using var user = await SignInAsync("jdoe", "jdoe-password");
        await user.Page.GotoAsync(world.App.BaseUrl + "/namespaces/ocean-lab");
        await user.Page.FillAsync("#Message", "I model currents with PyTorch.");
        await user.Page.ClickAsync("button:has-text('Request to join')");
        (await user.Page.ContentAsync()).ShouldContain("asked to join", Case.Insensitive);
        await BrowserHarness.SaveScreenshotAsync(user.Page, "e2e-2-join-requested");

        await admin.Page.GotoAsync(world.App.BaseUrl + "/namespaces/ocean-lab");
        (await admin.Page.ContentAsync()).ShouldContain("I model currents with PyTorch.");
        await admin.Page.ClickAsync("button[value='approve']");
        await admin.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await BrowserHarness.SaveScreenshotAsync(admin.Page, "e2e-3-approved");

        await user.Page.GotoAsync(world.App.BaseUrl + "/namespaces/ocean-lab");
        var members = await user.Page.Locator("table#members").InnerTextAsync();
        members.ShouldContain("jdoe Name");
        await BrowserHarness.SaveScreenshotAsync(user.Page, "e2e-4-member-appears");
    }

    [Fact]
    public async Task Description_WithScriptTag_ShownAsTextAndNoScriptRuns()
    {
        await using var admin = await SignInAsync(NereidAppFactory.AdminUser, NereidAppFactory.AdminPassword);
        var dialogs = 0;
        admin.Page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await admin.Page.GotoAsync(world.App.BaseUrl + "/manage/create");
        await using (var scope = world.App.Services.CreateAsyncScope())
        {
            var root = await world.App.AdminAsync();
            await scope.ServiceProvider.GetRequiredService<Nereid.Server.Institutions.InstitutionService>().CreateAsync(
                new Nereid.Server.Auth.Actor(root.Id, root.DisplayName, root.Tier), new("UC Davis", ["UCD"], "ucdavis.edu", null), default);
        }
        await admin.Page.ReloadAsync();
        await admin.Page.FillAsync("#Input_Name", "xss-lab");
        await admin.Page.SelectOptionAsync("#Input_Institution", "UC Davis");
        await admin.Page.FillAsync("#Input_Pis", "Dr. Mallory");
        await admin.Page.FillAsync("#Input_Description", "Hello <script>window.__pwned = 1; alert('x')</script> <img src=x onerror=\"window.__pwned = 2\">");
        await admin.Page.ClickAsync("button:has-text('Create namespace')");
        await PageUrl.WaitAsync(admin.Page, url => url.Contains("/namespaces/xss-lab", StringComparison.Ordinal));

        foreach (var path in new[] { "/namespaces/xss-lab", "/?q=xss" })
        {
            await admin.Page.GotoAsync(world.App.BaseUrl + path);
            (await admin.Page.EvaluateAsync<bool>("() => window.__pwned === undefined")).ShouldBeTrue(path);
            (await admin.Page.Locator("body").InnerTextAsync()).ShouldContain("<script>", Case.Sensitive, path);
        }
        dialogs.ShouldBe(0);
        await BrowserHarness.SaveScreenshotAsync(admin.Page, "e2e-script-as-text");
    }
}
