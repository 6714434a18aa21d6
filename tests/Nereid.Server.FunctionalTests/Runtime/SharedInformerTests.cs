using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.People;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.Policies;
using Nereid.Server.Resources;
using Nereid.Server.Runtime;

namespace Nereid.Server.FunctionalTests.Runtime;

/// <summary>
/// Every feature (namespace reconciler, inventory, policy workload cache) reads the cluster runtime's informers: one
/// informer, one LIST and one watch per kind per cluster, however many features read it.
/// </summary>
public sealed class SharedInformerTests
{
    // StorageClass: the storage catalogue's informer (Storage/StorageClassController); PersistentVolumeClaim: the
    // session options' shareable claims (Sessions/SessionClaims).
    private static readonly string[] Kinds = ["Namespace", "RoleBinding", "ResourceQuota", "LimitRange", "NetworkPolicy", "Node", "Pod", "Deployment", "Job", "StorageClass",
        "PersistentVolumeClaim", "StatefulSet", "CronJob"];

    private const string FederationSelection = "nereid-federation";

    [Fact]
    public async Task Runtime_ThreeFeaturesReadingOneCluster_OneInformerAndOneListPerKind()
    {
        await using var app = await ClusterAppFactory.StartAsync();
        var admin = await app.CreatePersonAsync("sharedadmin", Tier.Admin);
        await app.CreateNamespaceAsync("shared-a", admin);
        var runtimes = app.Services.GetRequiredService<ClusterRuntimeHost>();
        await app.ControllerAsync();
        var cache = app.Services.GetRequiredService<WorkloadCache>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await cache.WaitForSyncAsync(timeout.Token);
        await Eventually.TrueAsync(() => Task.FromResult(app.Services.GetRequiredService<InventoryService>().Snapshots.All(s => s.Synced)), "inventory never synced");
        await Eventually.TrueAsync(async () => await app.Admin.GetAsync<ResourceQuota>("shared-a", "nereid-quota") is not null, "never reconciled");
        var runtime = runtimes.Find(ClusterAppFactory.ClusterName)!;

        // A fourth reader of pods asking for the same selection gets the very informer the other three share.
        var pods = runtime.Informers.For<Pod>(new InformerOptions { FieldSelector = FieldSelectorOf(app) });

        runtime.Informers.Types.Select(t => t.Kind).Order().ShouldBe(Kinds.Order());
        runtime.Informers.Types.Count.ShouldBe(Kinds.Length);
        pods.HasSynced.ShouldBeTrue();
        runtimes.Runtimes.Count.ShouldBe(1);
        foreach (var (kind, path) in new[] { ("Pod", "/api/v1/pods"), ("Node", "/api/v1/nodes"), ("Namespace", "/api/v1/namespaces"),
                     ("RoleBinding", "/apis/rbac.authorization.k8s.io/v1/rolebindings"), ("Deployment", "/apis/apps/v1/deployments"), ("Job", "/apis/batch/v1/jobs"),
                     ("StatefulSet", "/apis/apps/v1/statefulsets"), ("CronJob", "/apis/batch/v1/cronjobs"),
                     ("StorageClass", "/apis/storage.k8s.io/v1/storageclasses") })
        {
            // A reachability probe (a one-item list: Freshness, placement) is not an informer's list.
            var lists = app.Kube.RequestLog.Entries.Count(e => e.Method == "GET" && IsCollection(e.PathAndQuery, path) && !e.PathAndQuery.Contains("watch=", StringComparison.Ordinal)
                && !e.PathAndQuery.Contains("limit=1&", StringComparison.Ordinal) && !e.PathAndQuery.EndsWith("limit=1", StringComparison.Ordinal)
                && !e.PathAndQuery.Contains(FederationSelection, StringComparison.Ordinal));
            lists.ShouldBe(1, $"{kind} was listed {lists} times");
        }
        // The federation's RoleBindings carry another managed-by value, but this cluster serves no Admiralty kinds: discovery
        // says so first, and the federation controller starts none of its informers here (its own tests cover a cluster with them).
        app.Kube.RequestLog.Entries.Count(e => e.Method == "GET" && IsCollection(e.PathAndQuery, "/apis/rbac.authorization.k8s.io/v1/rolebindings")
            && e.PathAndQuery.Contains(FederationSelection, StringComparison.Ordinal)).ShouldBe(0);
    }

    [Fact]
    public async Task Host_ClusterRemovedAndAddedBack_StopsAndRestartsItsRuntime()
    {
        await using var app = await ClusterAppFactory.StartAsync();
        var runtimes = app.Services.GetRequiredService<ClusterRuntimeHost>();
        var controllers = app.Services.GetRequiredService<NamespaceControllers>();
        await app.ControllerAsync();
        var cluster = runtimes.Find(ClusterAppFactory.ClusterName)!.Cluster;

        (await runtimes.RemoveAsync(ClusterAppFactory.ClusterName, CancellationToken.None)).ShouldBeTrue();

        runtimes.Find(ClusterAppFactory.ClusterName).ShouldBeNull();
        controllers.Controllers.ShouldBeEmpty();
        var again = runtimes.Add(cluster);
        await app.ControllerAsync();
        again.Informers.Types.ShouldContain(ResourceType.Of<Namespace>());
        Should.Throw<InvalidOperationException>(() => runtimes.Add(cluster));
    }

    private static string? FieldSelectorOf(ClusterAppFactory app)
    {
        var selector = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ResourcesOptions>>().Value.PodFieldSelector;
        return string.IsNullOrWhiteSpace(selector) ? null : selector;
    }

    private static bool IsCollection(string pathAndQuery, string path) =>
        pathAndQuery == path || pathAndQuery.StartsWith(path + "?", StringComparison.Ordinal);
}
