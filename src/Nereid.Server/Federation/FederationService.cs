using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using Nereid.Server.Clusters;
using Nereid.Server.Freshness;
using Nereid.Server.Namespaces;
using Nereid.Server.Placement;

namespace Nereid.Server.Federation;

/// <summary>
/// Reads (anyone) and switches (namespace admins and platform admins) a namespace's federation through Admiralty; the
/// federation controllers of each cluster do the rest.
/// </summary>
internal sealed class FederationService(NereidDbContext db, AuditLog audit, TimeProvider time, IClusterConnections clusters,
    IOptions<PlacementOptions> placement, SourceHealth health, NamespaceListCache cache)
{
    /// <summary>The switch and per-cluster conditions of <paramref name="name"/>; 404 when it does not exist.</summary>
    public async Task<FederationView> GetAsync(string name, CancellationToken ct)
    {
        var ns = await FindAsync(name, tracked: false, ct);
        return await ViewAsync(ns, ct);
    }

    /// <summary>
    /// Switches federation of <paramref name="name"/> on or off, audited in the same save; refused when the namespace is
    /// placed on fewer than two clusters (nothing to federate) or when <paramref name="expectedVersion"/> is stale.
    /// </summary>
    public async Task<FederationView> SetAsync(Actor actor, string name, FederationInput input, int? expectedVersion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var ns = await NamespaceSettings.FindForChangeAsync(db, actor, name, "federate it", ct);
        if (input.Federated is not { } wanted)
            throw ValidationFailedException.For("federated", "Say true to federate the namespace or false to stop.");
        NamespaceSettings.CheckVersion(ns, expectedVersion);
        var row = await db.Set<NamespaceFederation>().FirstOrDefaultAsync(f => f.NamespaceId == ns.Id, ct);
        if (wanted == row is not null)
            return await ViewAsync(ns, ct); // Already so: nothing to save or audit.
        if (wanted)
        {
            var placed = await PlacedAsync(ns.Id, ct);
            if (placed.Count < 2)
                throw ValidationFailedException.For("federated",
                    $"Namespace '{name}' is placed on {(placed.Count == 0 ? "no cluster" : "only " + placed.Single())}; place it on at least two clusters to federate it.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (wanted)
            db.Add(NamespaceFederation.On(ns.Id, actor.PersonId, now));
        else
            db.Remove(row!);
        ns.FederationChanged(now);
        audit.Record(actor, "namespace.federation", "namespace", name, name, new { federated = !wanted }, new { federated = wanted });
        await NamespaceSettings.SaveAsync(db, cache, ct);
        return await ViewAsync(ns, ct);
    }

    private async Task<FederationView> ViewAsync(NereidNamespace ns, CancellationToken ct)
    {
        var federated = await db.Set<NamespaceFederation>().AsNoTracking().AnyAsync(f => f.NamespaceId == ns.Id, ct);
        var placed = await PlacedAsync(ns.Id, ct);
        // Stored by each cluster's leader, so this replica shows the same whether it leads anything or not.
        var stored = await FederationStatus.ReadAsync(db, ns.Name, ct);
        var views = new List<ClusterFederationView>();
        foreach (var cluster in clusters.Clusters.Select(c => c.Name).Order(StringComparer.Ordinal))
        {
            views.Add(ClusterView(stored, cluster, placed.Contains(cluster), federated));
        }
        return new FederationView(ns.Name, ns.Version, federated, views);
    }

    private ClusterFederationView ClusterView(StoredFederationConditions stored, string cluster, bool placed, bool federated)
    {
        if (!placed)
            return new(cluster, false, "NotPlaced", "NotPlaced", "The namespace is not placed on this cluster.", null);
        if (!federated)
            return new(cluster, true, "NotFederated", "NotFederated", "Federation is off.", null);
        var seen = stored.For(cluster);
        if (health.Cluster(cluster) is { Stale: true } source)
        {
            var last = seen is null ? "" : $" Last known: {seen.Condition} ({seen.Reason}).";
            return new(cluster, true, "Unknown", "ClusterUnreachable", $"Cluster {cluster} is behind: {source.LastError ?? "it does not answer"}.{last}",
                seen?.ObservedAt);
        }
        return seen is null
            ? new(cluster, true, "Unknown", "NotObserved", $"Cluster {cluster} has not reported a federation pass yet.", null)
            : new(cluster, true, seen.Condition, seen.Reason, seen.Message, seen.ObservedAt);
    }

    private async Task<IReadOnlySet<string>> PlacedAsync(Guid id, CancellationToken ct)
    {
        var rows = await db.Set<NamespacePlacement>().AsNoTracking().Where(p => p.NamespaceId == id && p.RemovedAt == null)
            .Select(p => p.Cluster).ToListAsync(ct);
        return PlacementRules.Placed(rows, placement.Value.DefaultClusters, clusters.Clusters.Select(c => c.Name));
    }

    private Task<NereidNamespace> FindAsync(string name, bool tracked, CancellationToken ct) => NamespaceSettings.FindAsync(db, name, tracked, ct);
}
