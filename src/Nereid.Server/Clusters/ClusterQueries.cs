using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Clusters;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Freshness;

namespace Nereid.Server.Clusters;

/// <summary>A cluster as anyone signed in may see it (no credentials).</summary>
internal sealed record ClusterView(string Name, string ApiServerUrl, string? Region);

/// <summary>
/// One namespace's condition in one cluster: the one-word summary and the Ready/Progressing/Degraded conditions behind it.
/// While the cluster does not answer, <see cref="Condition"/> is <c>Unknown</c>, <see cref="Stale"/> is true and the stored
/// summary is kept in <see cref="LastKnownCondition"/>: a namespace is never called Ready on a cluster nobody can see.
/// </summary>
internal sealed record NamespaceClusterStatusView(string Cluster, string Condition, string Reason, string Message, DateTime? LastSyncedAt, int ObservedVersion,
    IReadOnlyList<NamespaceCondition> Conditions)
{
    /// <summary>The condition as last observed (equal to <see cref="Condition"/> unless stale).</summary>
    public string LastKnownCondition { get; init; } = Condition;

    /// <summary>When the stored status was last computed from the cluster (<see cref="LastSyncedAt"/>, as an offset).</summary>
    public DateTimeOffset? ObservedAt { get; init; }

    /// <summary>True when the cluster did not answer its last check: the rest is the last known state.</summary>
    public bool Stale { get; init; }

    /// <summary>Why the status is stale (which source, since when, the error); null when not stale.</summary>
    public string? StaleReason { get; init; }

    /// <summary>Since when the cluster has not answered; null when not stale.</summary>
    public DateTimeOffset? UnreachableSince { get; init; }
}

/// <summary>What the Clusters admin page shows per cluster.</summary>
internal sealed record ClusterHealthView(string Name, string ApiServerUrl, string? Region, bool Reachable, string Health, DateTime? LastReconcileAt,
    int Ready, int Progressing, int Degraded);

/// <summary>Read side of clusters: the public list, per-namespace status and the admin overview.</summary>
internal sealed class ClusterQueries(IClusterConnections clusters, NereidDbContext db, SourceHealth health)
{
    /// <summary>Connected clusters' public facts.</summary>
    public IReadOnlyList<ClusterView> List() => [.. clusters.Clusters.Select(c => new ClusterView(c.Name, c.Info.ApiServerUrl, c.Info.Region))];

    /// <summary>Per-cluster status of namespace <paramref name="name"/>; 404 when the namespace does not exist.</summary>
    public async Task<IReadOnlyList<NamespaceClusterStatusView>> NamespaceStatusAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!await db.Set<NereidNamespace>().AnyAsync(n => n.Name == name, cancellationToken))
        {
            throw new NotFoundException($"No namespace is named '{name}'.");
        }
        var rows = await db.Set<NamespaceClusterStatus>().AsNoTracking().Where(s => s.Namespace == name).ToListAsync(cancellationToken);
        return [.. clusters.Clusters.Select(c => Freshen(rows.FirstOrDefault(r => r.Cluster == c.Name) is { } r
            ? new NamespaceClusterStatusView(c.Name, r.Condition.ToString(), r.Reason, r.Message, r.LastSyncedAt, r.ObservedVersion, r.Conditions)
            : new NamespaceClusterStatusView(c.Name, nameof(ClusterCondition.Progressing), "Pending", "Not reconciled yet.", null, 0, [])))];
    }

    private NamespaceClusterStatusView Freshen(NamespaceClusterStatusView view)
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

    /// <summary>Health (one cheap list call per cluster) and reconcile summary of every cluster.</summary>
    public async Task<IReadOnlyList<ClusterHealthView>> HealthAsync(CancellationToken cancellationToken)
    {
        var result = new List<ClusterHealthView>();
        foreach (var c in clusters.Clusters)
        {
            var (reachable, health) = await ProbeAsync(c.Client, cancellationToken);
            var rows = await db.Set<NamespaceClusterStatus>().AsNoTracking().Where(s => s.Cluster == c.Name)
                .Select(s => new { s.Condition, s.LastSyncedAt }).ToListAsync(cancellationToken);
            result.Add(new ClusterHealthView(c.Name, c.Info.ApiServerUrl, c.Info.Region, reachable, health, rows.Max(r => r.LastSyncedAt),
                rows.Count(r => r.Condition == ClusterCondition.Ready), rows.Count(r => r.Condition == ClusterCondition.Progressing),
                rows.Count(r => r.Condition == ClusterCondition.Degraded)));
        }
        return result;
    }

    private static async Task<(bool, string)> ProbeAsync(IKubeClient client, CancellationToken cancellationToken)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(TimeSpan.FromSeconds(5));
            await client.ListAsync<Namespace>(null, new ListOptions { Limit = 1 }, cts.Token);
            return (true, "Reachable");
        }
        catch (KubeApiException ex)
        {
            return (false, $"API error {(int)ex.StatusCode}: {ex.Message}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (false, $"Unreachable: {ex.Message}");
        }
    }
}
