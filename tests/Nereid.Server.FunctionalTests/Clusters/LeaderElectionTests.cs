using Microsoft.Extensions.DependencyInjection;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;
using Nereid.Server.Runtime;

namespace Nereid.Server.FunctionalTests.Clusters;

/// <summary>The reconciler's use of the shared Lease elector, against the double with a normal (15 s) lease.</summary>
public sealed class LeaderElectionTests
{
    private const string LeaseNamespace = "nereid-system";

    private static async Task<string?> HolderAsync(ClusterAppFactory app) =>
        (await app.Admin.GetAsync<Lease>(LeaseNamespace, RuntimeSettings.LeaseName))?.Spec?.HolderIdentity;

    [Fact]
    public async Task RunAsync_TwoReplicas_OnlyTheLeaseHolderReconcilesAndTheOtherTakesOverWhenItStops()
    {
        await using var app = await ClusterAppFactory.StartAsync();
        var first = app.Primary;
        await app.ControllerAsync();
        var second = app.NewReplica("replica-b");
        await second.StartAsync(CancellationToken.None);
        try
        {
            // Several renew intervals (2 s each) pass with the second replica contending: it never leads meanwhile.
            for (var i = 0; i < 30; i++)
            {
                second.Controllers.ShouldBeEmpty();
                first.Controllers.ContainsKey(ClusterAppFactory.ClusterName).ShouldBeTrue();
                await Task.Delay(200);
            }
            (await HolderAsync(app)).ShouldBe(first.Identity);

            await first.StopAsync(CancellationToken.None);

            first.Controllers.ShouldBeEmpty();
            await Eventually.TrueAsync(() => Task.FromResult(second.Controllers.ContainsKey(ClusterAppFactory.ClusterName)), "the second replica never took over");
            (await HolderAsync(app)).ShouldBe("replica-b");
            var admin = await app.CreatePersonAsync("leaderadmin", Domain.People.Tier.Admin);
            await app.CreateNamespaceAsync("lead-b", admin);
            await Eventually.TrueAsync(async () => await app.Admin.GetAsync<ResourceQuota>("lead-b", "nereid-quota") is not null,
                "the new leader did not reconcile");
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task RunAsync_LeaseTakenByAnotherHolder_StopsWorkUntilTheLeaseIsFreeAgain()
    {
        await using var app = await ClusterAppFactory.StartAsync();
        var service = app.Primary;
        var controller = await app.ControllerAsync();
        var lease = (await app.Admin.GetAsync<Lease>(LeaseNamespace, RuntimeSettings.LeaseName))!;

        // Another replica (from this one's point of view) grabs the lease with a long term.
        lease.Spec!.HolderIdentity = "usurper";
        lease.Spec.LeaseDurationSeconds = 3600;
        lease.Spec.RenewTime = DateTimeOffset.UtcNow;
        lease = await app.Admin.UpdateAsync(lease);

        await Eventually.TrueAsync(() => Task.FromResult(service.Controllers.Count == 0), "work did not stop after the lease was lost");
        controller.Queue.IsShuttingDown.ShouldBeTrue();

        lease.Spec!.HolderIdentity = null;
        lease.Spec.LeaseDurationSeconds = 1;
        await app.Admin.UpdateAsync(lease);

        var next = await app.ControllerAsync();
        next.ShouldNotBeSameAs(controller);
        (await HolderAsync(app)).ShouldBe(service.Identity);
    }
}
