using System.Net;

namespace Nereid.Server.FunctionalTests.Resources;

/// <summary>The server-rendered /resources and /usage pages (they must work without JavaScript).</summary>
public sealed class ResourcesPageTests(ResourcesWorld world) : IClassFixture<ResourcesWorld>
{
    [Fact]
    public async Task Resources_Member_RendersSummaryAndGrid()
    {
        var html = await world.MemberClient.GetStringAsync("/resources");

        html.ShouldContain("NVIDIA-A100-SXM4-80GB");
        html.ShouldContain("l40-cordoned");
        html.ShouldContain("cordoned</span>");
        html.ShouldContain("NotReady");
        html.ShouldContain("/js/resources.js");
        html.ShouldContain("href=\"/usage/lab-x\"");
    }

    [Fact]
    public async Task Resources_FilterFreeForMeAndGpu_ServerSideFilters()
    {
        var html = await world.OutsiderClient.GetStringAsync("/resources?gpu=NVIDIA-L40&freeForMe=true&sort=free&desc=true");

        html.ShouldContain("<td>l40-1</td>");
        html.ShouldNotContain("<td>l40-cordoned</td>");
        html.ShouldNotContain("<td>a100-1</td>");
    }

    [Fact]
    public async Task Resources_Anonymous_NotShown()
    {
        using var anonymous = world.App.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await anonymous.GetAsync("/resources");

        response.StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Redirect, HttpStatusCode.Found);
    }

    [Fact]
    public async Task Usage_Member_ShowsCurrentRequestsAndSvgPlots()
    {
        var html = await world.MemberClient.GetStringAsync($"/usage/{ResourcesWorld.Namespace}?days=1");

        html.ShouldContain("Requested now");
        html.ShouldContain("<svg");
        html.ShouldContain("GPUs of lab-x");
        html.ShouldContain("NVIDIA-A100-SXM4-80GB");
    }

    [Fact]
    public async Task Usage_Outsider_Forbidden()
    {
        using var response = await world.OutsiderClient.GetAsync($"/usage/{ResourcesWorld.Namespace}");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Only members");
    }
}
