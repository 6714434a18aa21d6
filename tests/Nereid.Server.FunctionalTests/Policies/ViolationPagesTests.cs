using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.Policies;
using Nereid.TestSupport.Browser;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>The violations pages, rendered by the real server after a real scan, and one browser screenshot.</summary>
[Collection(nameof(PolicyWorldCollection))]
public sealed partial class ViolationPagesTests(PolicyWorld world)
{
    [Fact]
    public async Task DetailPage_NamespaceAdmin_ShowsEvidenceAndIsScreenshotted()
    {
        await world.ScanAsync();
        var id = await GpuViolationIdAsync();
        using var client = await world.App.ClientForAsync(world.NamespaceAdmin);

        var html = await client.GetStringAsync($"/violations/{id}");
        var list = await client.GetStringAsync("/violations");

        html.ShouldContain("DCGM_FI_DEV_GPU_UTIL");
        html.ShouldContain("trainer-7d9f-abcde");
        list.ShouldContain($"/violations/{id}");
        await using var browser = await (await BrowserHarness.GetSharedAsync()).NewPageAsync();
        // Chromium cannot reach the in-memory test server, so every request (page, CSS) is answered through the test client;
        // the loopback origin is never actually contacted.
        await browser.Page.RouteAsync("http://127.0.0.1:9/**", async route =>
        {
            using var response = await client.GetAsync(new Uri(route.Request.Url).PathAndQuery);
            await route.FulfillAsync(new Microsoft.Playwright.RouteFulfillOptions
            {
                Status = (int)response.StatusCode, ContentType = response.Content.Headers.ContentType?.ToString(),
                BodyBytes = await response.Content.ReadAsByteArrayAsync(),
            });
        });
        await browser.Page.GotoAsync($"http://127.0.0.1:9/violations/{id}");
        (await browser.Page.InnerTextAsync("h1")).ShouldContain("gpu-idle");
        File.Exists(await BrowserHarness.SaveScreenshotAsync(browser.Page, "violation-detail")).ShouldBeTrue();
    }

    [Fact]
    public async Task DetailPage_Stranger_GetsNotFound()
    {
        await world.ScanAsync();
        var id = await GpuViolationIdAsync();
        var stranger = await world.App.CreateBarePersonAsync("stranger-" + Guid.NewGuid().ToString("N")[..6], Nereid.Domain.People.Tier.User);
        using var client = await world.App.ClientForAsync(stranger);

        using var response = await client.GetAsync($"/violations/{id}");

        ((int)response.StatusCode).ShouldBe(404);
    }

    [Fact]
    public async Task ExceptionsPage_PostWithoutReason_ShowsReadableError()
    {
        using var client = await world.App.ClientForAsync(await world.App.AdminAsync());
        var form = await client.GetStringAsync("/violations/exceptions");
        var token = Token().Match(form).Groups[1].Value;

        using var response = await client.PostAsync("/violations/exceptions", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Namespace"] = PolicyWorld.Ns, ["Input.Policy"] = "gpu-idle", ["Input.Reason"] = "",
            ["Input.ExpiresAt"] = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture),
        }));
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).ShouldBe(200, body);
        body.ShouldContain("Say why the exception is needed");
        body.ShouldNotContain("reason is required");
        // Beside the field it belongs to, not in a summary.
        body.IndexOf("Say why the exception is needed", StringComparison.Ordinal).ShouldBeGreaterThan(body.IndexOf("id=\"Input_Reason\"", StringComparison.Ordinal));
        form.ShouldContain("exc-1a2b-qwe34");
    }

    private async Task<Guid> GpuViolationIdAsync()
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<Violation>()
            .Where(v => v.Policy == PolicyKind.GpuIdle && v.ResolvedAt == null).Select(v => v.Id).SingleAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
