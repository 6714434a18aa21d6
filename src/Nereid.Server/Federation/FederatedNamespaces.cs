using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Clusters;
using Nereid.Domain.Namespaces;

namespace Nereid.Server.Federation;

/// <summary>Step 1 of a federation pass: the federated, active namespaces and the clusters each is placed on.</summary>
internal static class FederatedNamespaces
{
    /// <summary>
    /// Namespace name → placed clusters for every active namespace with the federation switch on (placement by the
    /// same rule as the reconciler: live rows, else the default set, else every connected cluster).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> LoadAsync(NereidDbContext db,
        IReadOnlyCollection<string> defaultClusters, IReadOnlyCollection<string> connected, CancellationToken ct)
    {
        var federated = await (
            from f in db.Set<NamespaceFederation>().AsNoTracking()
            join n in db.Set<NereidNamespace>().AsNoTracking() on f.NamespaceId equals n.Id
            where n.State == NamespaceState.Active
            select new { n.Id, n.Name }).ToListAsync(ct);
        var ids = federated.Select(f => f.Id).ToList();
        var rows = await db.Set<NamespacePlacement>().AsNoTracking()
            .Where(p => ids.Contains(p.NamespaceId) && p.RemovedAt == null)
            .Select(p => new { p.NamespaceId, p.Cluster }).ToListAsync(ct);
        var byNamespace = rows.ToLookup(r => r.NamespaceId, r => r.Cluster);
        return federated.ToDictionary(f => f.Name,
            f => PlacementRules.Placed(byNamespace[f.Id], defaultClusters, connected), StringComparer.Ordinal);
    }

    /// <summary>
    /// Those of <paramref name="names"/> the namespace reconciler reported Ready on <paramref name="cluster"/>: the
    /// namespace exists there, so federation objects can be applied into it.
    /// </summary>
    public static async Task<IReadOnlySet<string>> ReadyOnAsync(NereidDbContext db, string cluster, IReadOnlyCollection<string> names, CancellationToken ct)
    {
        if (names.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }
        var list = names.ToList();
        var ready = await db.Set<NamespaceClusterStatus>().AsNoTracking()
            .Where(s => s.Cluster == cluster && s.Condition == ClusterCondition.Ready && list.Contains(s.Namespace))
            .Select(s => s.Namespace).ToListAsync(ct);
        return ready.ToHashSet(StringComparer.Ordinal);
    }
}
