using Microsoft.Extensions.Options;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;
using Nereid.Server.Resources;
using Nereid.Server.Runtime;

namespace Nereid.Server.Policies;

/// <summary>One cluster's workloads as the informer caches (or, before they sync, paged lists) hold them.</summary>
internal sealed record CachedWorkloads(IReadOnlyList<Pod> Pods, IReadOnlyList<Deployment> Deployments, IReadOnlyList<Job> Jobs,
    IReadOnlyList<StatefulSet> StatefulSets, IReadOnlyList<CronJob> CronJobs);

/// <summary>
/// The scanner's view of every cluster's Pods, Deployments and Jobs, and of the StatefulSets and CronJobs whose creators
/// their pods and Jobs inherit: the cluster runtimes' shared informers (the pod informer is the one the Resources
/// inventory reads: 20,000 cached pods cost hundreds of MB, so never twice). The other kinds are requested by the first scan, so a replica that never scans (scans disabled, or not the
/// leader) watches nothing extra; until a cluster's caches have synced, the scanner falls back to paged LISTs.
/// </summary>
internal sealed class WorkloadCache(ClusterRuntimeHost runtimes, IOptions<ResourcesOptions> resources, TimeProvider time)
{
    /// <summary>Asks the runtime of every cluster of <paramref name="clusters"/> for its workload informers; returns at once.</summary>
    public void EnsureStarted(IEnumerable<ConnectedCluster> clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        foreach (var cluster in clusters)
        {
            Informers(cluster.Name);
        }
    }

    /// <summary>The cluster's cached workloads, or null while any of its caches has not synced.</summary>
    public CachedWorkloads? TryGet(string cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return Informers(cluster) is var (pods, deployments, jobs, statefulSets, cronJobs)
            && pods.HasSynced && deployments.HasSynced && jobs.HasSynced && statefulSets.HasSynced && cronJobs.HasSynced
            ? new CachedWorkloads(pods.List(), deployments.List(), jobs.List(), statefulSets.List(), cronJobs.List())
            : null;
    }

    /// <summary>Completes when every running cluster's workload caches have synced (benchmarks and tests; a server just scans).</summary>
    public async Task WaitForSyncAsync(CancellationToken ct)
    {
        var names = runtimes.Runtimes.Keys.ToList();
        EnsureStarted(names.Select(n => runtimes.Find(n)!.Cluster));
        while (names.Any(n => TryGet(n) is null))
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
    }

    private (Informer<Pod> Pods, Informer<Deployment> Deployments, Informer<Job> Jobs, Informer<StatefulSet> StatefulSets, Informer<CronJob> CronJobs)? Informers(string cluster)
    {
        if (runtimes.Find(cluster) is not { } runtime)
            return null;
        // No resync for the workload kinds: nothing here reacts to events, the scan reads the cache as it is.
        var none = new InformerOptions { ResyncPeriod = TimeSpan.Zero };
        return (ClusterInventory.Pods(runtime.Informers, resources.Value), runtime.Informers.For<Deployment>(none), runtime.Informers.For<Job>(none),
            runtime.Informers.For<StatefulSet>(none), runtime.Informers.For<CronJob>(none));
    }
}
