using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nereid.Domain.Clusters;
using Nereid.Domain.Namespaces;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;

namespace Nereid.Server.Placement;

internal sealed partial class PlacementService
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private async Task<PlacementView> ViewAsync(NereidNamespace ns, bool withQuota, CancellationToken ct)
    {
        var rows = await db.Set<NamespacePlacement>().AsNoTracking().Where(p => p.NamespaceId == ns.Id).ToListAsync(ct);
        var quotas = withQuota ? QuotasOf(await db.Set<NamespaceClusterQuota>().AsNoTracking().Where(q => q.NamespaceId == ns.Id).ToListAsync(ct)) : null;
        var status = await db.Set<NamespaceClusterStatus>().AsNoTracking().Where(s => s.Namespace == ns.Name).ToListAsync(ct);
        var placed = Placed(rows);
        var names = clusters.Clusters.Select(c => c.Name).Concat(rows.Select(r => r.Cluster)).Distinct(StringComparer.Ordinal).ToList();
        var views = new List<ClusterPlacementView>();
        foreach (var name in names)
        {
            var connected = clusters.Find(name);
            var row = status.FirstOrDefault(s => s.Cluster == name);
            var removedAt = rows.FirstOrDefault(r => r.Cluster == name)?.RemovedAt;
            var isPlaced = placed.Contains(name);
            IReadOnlyDictionary<string, string>? quota = quotas is null ? null
                : quotas.TryGetValue(name, out var q) ? q : new SortedDictionary<string, string>(StringComparer.Ordinal);
            var (behind, why) = isPlaced ? await BehindAsync(ns.Version, row, connected, ct) : (false, null);
            views.Add(Freshen(new ClusterPlacementView(name, connected?.Info.Region, isPlaced,
                isPlaced ? null : removedAt + reconciler.DeletionGracePeriod,
                row?.Condition.ToString() ?? (isPlaced ? nameof(ClusterCondition.Progressing) : "NotPlaced"),
                row?.Reason ?? (isPlaced ? "Pending" : "NotPlaced"),
                row?.Message ?? (isPlaced ? "Not reconciled yet." : "The namespace is not placed on this cluster."),
                row?.ObservedVersion ?? 0, row?.LastSyncedAt, behind, why, quota, row?.Conditions ?? [])));
        }
        return new PlacementView(ns.Name, ns.Version, rows.All(r => !r.IsPlaced), views);
    }

    /// <summary>While a cluster does not answer, its stored status is shown as the last known state, never as Ready.</summary>
    private ClusterPlacementView Freshen(ClusterPlacementView view)
    {
        var observedAt = view.LastSyncedAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : (DateTimeOffset?)null;
        if (health.Cluster(view.Cluster) is not { Stale: true } source)
            return view with { ObservedAt = observedAt };
        return view with
        {
            Condition = "Unknown", Reason = "ClusterUnreachable", Message = $"Last known: {view.Condition} ({view.Reason}). {source.Reason}",
            LastKnownCondition = view.Condition, ObservedAt = observedAt, Stale = true, StaleReason = source.Reason,
            UnreachableSince = source.UnreachableSince,
        };
    }

    /// <summary>
    /// A placed cluster is behind until its last pass saw the current version and ended Ready. The reason names the
    /// most useful cause first: an unreachable cluster (asked now, once, only for clusters already behind), a degraded
    /// or failing pass, else the version it still shows.
    /// </summary>
    private static async Task<(bool, string?)> BehindAsync(int version, NamespaceClusterStatus? row, ConnectedCluster? cluster, CancellationToken ct)
    {
        if (row is not null && row.ObservedVersion >= version && row.Condition == ClusterCondition.Ready)
            return (false, null);
        if (cluster is null)
            return (true, "The cluster is not connected to this Nereid.");
        if (await ProbeAsync(cluster.Client, ct) is { } unreachable)
            return (true, unreachable);
        if (row is null)
            return (true, "The cluster's reconciler has not reached this namespace yet.");
        if (row.Condition != ClusterCondition.Ready && row.ObservedVersion >= version)
            return (true, $"{row.Reason}: {row.Message}");
        var at = row.LastSyncedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "never";
        return (true, $"The cluster shows version {row.ObservedVersion} of {version} (last synced {at}); its reconciler has not applied the latest change yet.");
    }

    private static async Task<string?> ProbeAsync(IKubeClient client, CancellationToken ct)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(ProbeTimeout);
            await client.ListAsync<Namespace>(null, new ListOptions { Limit = 1 }, cts.Token);
            return null;
        }
        catch (KubeApiException ex)
        {
            return $"The cluster's API answers with an error ({(int)ex.StatusCode}): {ex.Message}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return $"The cluster is unreachable: {ex.Message}";
        }
    }
}
