using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.People;
using Nereid.Server.Auth;
using Nereid.Server.People;
using static Nereid.Server.FunctionalTests.Identity.IdentitySteps;

namespace Nereid.Server.FunctionalTests.Identity;

[Collection(IdentityCollection.Name)]
public sealed class ClusterClaimWarningTests(IdentityFixture fx)
{
    [Fact]
    public async Task ClustersPage_RealProviderIdTokensWithoutGroupsClaim_WarnsForGroupsNotForEmail()
    {
        // The test provider puts email (the clusters' UsernameClaim) in ID tokens but sends no groups claim at all.
        await AccountAsync(fx.Campus, "cw-pat", "Pat Park", "pat@ucsd.edu", "UC San Diego");
        var first = await PortalLoginAsync(fx, "campus", "cw-pat");
        await first.Context.CloseAsync();
        await using (var scope = fx.App.Services.CreateAsyncScope())
        {
            var admin = await fx.App.AdminAsync();
            var person = (await PersonAsync(fx, fx.Campus.Issuer, "cw-pat"))!;
            await scope.ServiceProvider.GetRequiredService<PeopleService>()
                .SetTierAsync(new Actor(admin.Id, admin.DisplayName, admin.Tier), person.Id, Tier.PlatformAdmin, "test", CancellationToken.None);
        }
        var page = await PortalLoginAsync(fx, "campus", "cw-pat");

        await page.GotoAsync(fx.App.BaseUrl + "/clusters");

        var warnings = page.Locator("section.claim-warning");
        (await warnings.CountAsync()).ShouldBe(1);
        var text = await warnings.InnerTextAsync();
        text.ShouldContain($"{IdentityFixture.ClusterName}: ID tokens lack the claim groups");
        text.ShouldContain(fx.Campus.Issuer);
        text.ShouldContain("email");
        await page.Context.CloseAsync();
    }
}
