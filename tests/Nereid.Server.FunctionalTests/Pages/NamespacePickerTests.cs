using System.Net;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Pages;

/// <summary>Namespaces are picked from a list, never typed: the exception form, the violations filter and the usage report.</summary>
public sealed class NamespacePickerTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task ExceptionForm_PlatformAdmin_PicksFromEveryNamespace()
    {
        var owner = await app.CreatePersonAsync("pickowner", Tier.Admin);
        await app.CreateNamespaceAsync(owner, "pick-lab");
        using var admin = await PageClient.AdminAsync(app);

        var page = await admin.GetAsync("/violations/exceptions");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Decoded.ShouldContain("<select id=\"Input_Namespace\" name=\"Input.Namespace\" required=\"required\">");
        page.Decoded.ShouldContain("<option value=\"pick-lab\">pick-lab</option>");
    }

    [Fact]
    public async Task ViolationsAndUsageFilters_Member_OfferOnlyTheirNamespaces()
    {
        var owner = await app.CreatePersonAsync("mineowner", Tier.Admin);
        await app.CreateNamespaceAsync(owner, "mine-lab");
        var other = await app.CreatePersonAsync("otherowner", Tier.Admin);
        await app.CreateNamespaceAsync(other, "not-mine-lab");
        using var client = await PageClient.SignInAsync(app, "mineowner", "mineowner-password");

        var violations = await client.GetAsync("/violations?namespace=mine-lab");
        var usage = await client.GetAsync("/usage");

        violations.Decoded.ShouldContain("<option value=\"mine-lab\" selected=\"selected\">mine-lab</option>");
        violations.Decoded.ShouldNotContain("not-mine-lab");
        usage.Decoded.ShouldContain("<option value=\"\">all of mine</option>");
        usage.Decoded.ShouldContain("<option value=\"mine-lab\">mine-lab</option>");
        usage.Decoded.ShouldNotContain("not-mine-lab");
    }
}
