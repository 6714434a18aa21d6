using Microsoft.Extensions.DependencyInjection;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.FunctionalTests.Resources;
using Nereid.Server.Resources;

namespace Nereid.Server.FunctionalTests.Sessions;

/// <summary>The options follow the inventory: cordoning nodes in the double changes the next response (own world: it cordons).</summary>
public sealed class SessionOptionsLiveTests(SessionsWorld world) : IClassFixture<SessionsWorld>
{
    [Fact]
    public async Task Options_LastFreeA100NodeCordoned_A100ChoiceDisappears()
    {
        (await HasA100Async()).ShouldBeTrue();

        await world.App.Client.PatchAsync<Node>(null, "a100-1", """{"spec":{"unschedulable":true}}""");
        await Eventually.TrueAsync(() => Task.FromResult(Inventory.Snapshots.Single().NodesByName["a100-1"].Unschedulable), "inventory sees a100-1 cordoned");
        // The reserved A100 node is still free for lab-x.
        (await HasA100Async()).ShouldBeTrue();

        await world.App.Client.PatchAsync<Node>(null, "a100-reserved", """{"spec":{"unschedulable":true}}""");
        await Eventually.TrueAsync(async () => !await HasA100Async(), "the A100 choice disappears once every A100 node is cordoned");

        (await SessionsWorld.OptionsAsync(world.MemberClient)).ShouldContain(p => p!["slug"]!.GetValue<string>() == SessionsWorld.GpuLab);
    }

    private InventoryService Inventory => world.App.Services.GetRequiredService<InventoryService>();

    private async Task<bool> HasA100Async() =>
        (await SessionsWorld.OptionsAsync(world.MemberClient)).Any(p => p!["slug"]!.GetValue<string>().Contains("a100", StringComparison.Ordinal));
}
