using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Nereid.Domain.People;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Kubernetes.WorkQueue;
using Nereid.Server.Auth;
using Nereid.Server.Clusters;
using Nereid.Server.Namespaces;

namespace Nereid.Server.FunctionalTests.Clusters;

public sealed class DeletionGraceTests
{
    [Fact]
    public async Task Reconcile_DeletionRequested_DeletesOnlyAfterGracePeriod()
    {
        await using var app = await ClusterAppFactory.StartAsync();
        var admin = await app.CreatePersonAsync("deladmin", Tier.Admin);
        await app.CreateNamespaceAsync("proj-delete", admin);
        await Eventually.TrueAsync(async () => await app.Admin.GetAsync<NetworkPolicy>("proj-delete", "nereid-isolation") is not null, "never projected", 120);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NamespaceService>()
                .RequestDeletionAsync(new Actor(admin.Id, admin.DisplayName, admin.Tier), "proj-delete", "proj-delete", null, default);
        }
        // A pass of our own on a fake clock (the hosted reconciler runs on real time, so it only ever sees "pending").
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(1));
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        var options = new ReconcilerOptions();
        var desired = new DesiredStateCache(scopes, options);
        await desired.ReloadAllAsync(default);
        using var stop = new CancellationTokenSource();
        var shared = new SharedInformers(app.Admin, TimeProvider.System, NullLoggerFactory.Instance);
        using var observed = new ObservedCluster(shared, TimeSpan.FromMinutes(10), (_, _, _) => { });
        var informers = shared.RunAsync(stop.Token);
        await observed.WaitForSyncAsync(default);
        var ports = new ReconcilerPorts("test", desired, observed, new KubeOwnedObjectWriter(app.Admin), new StatusWriter(scopes));
        var reconciler = new NamespaceReconciler(ports, new AppliedObjects(), new ReconcilerStats(), new ProjectionOptions(), options, clock);

        var early = await reconciler.ReconcileAsync(new NamespaceKey("proj-delete"), default);

        early.Outcome.ShouldBe(ReconcileOutcome.RequeueAfter);
        early.Delay.ShouldBeInRange(TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        (await app.Admin.GetAsync<Namespace>(null, "proj-delete")).ShouldNotBeNull();

        clock.Advance(TimeSpan.FromHours(24));
        var late = await reconciler.ReconcileAsync(new NamespaceKey("proj-delete"), default);

        late.Outcome.ShouldBe(ReconcileOutcome.Done);
        await Eventually.TrueAsync(async () => await app.Admin.GetAsync<Namespace>(null, "proj-delete") is null, "the namespace was never deleted", 120);
        await stop.CancelAsync();
        await informers;
    }
}
