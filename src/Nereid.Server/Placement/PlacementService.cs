using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using Nereid.Server.Clusters;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Placement;

/// <summary>
/// Reads (anyone; quotas only for the namespace's people and platform admins) and changes (namespace admins; per-cluster
/// quotas platform admins only) where a namespace lives.
/// </summary>
internal sealed partial class PlacementService(NereidDbContext db, AuditLog audit, TimeProvider time, IClusterConnections clusters,
    IOptions<PlacementOptions> options, ReconcilerOptions reconciler, NamespaceListCache cache, Freshness.SourceHealth health)
{
    /// <summary>Placement and per-cluster status of <paramref name="name"/>; 404 when it does not exist.</summary>
    public async Task<PlacementView> GetAsync(Actor? actor, string name, CancellationToken ct)
    {
        var ns = await FindAsync(name, tracked: false, ct);
        return await ViewAsync(ns, await MaySeeQuotaAsync(actor, ns, ct), ct);
    }

    /// <summary>
    /// Places <paramref name="name"/> on the clusters of <paramref name="input"/> (validated first, so nothing is
    /// half-saved), records when it left the others (their grace period), audited, refused when
    /// <paramref name="expectedVersion"/> (If-Match) is stale.
    /// </summary>
    public async Task<PlacementView> SetAsync(Actor actor, string name, PlacementInput input, int? expectedVersion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var ns = await NamespaceSettings.FindForChangeAsync(db, actor, name, "change where it runs", ct);
        var wantedClusters = ValidateClusters(input.Clusters);
        var wantedQuotas = input.Quotas is null ? null : ValidateQuotas(input.Quotas);
        NamespaceSettings.CheckVersion(ns, expectedVersion);

        var rows = await db.Set<NamespacePlacement>().Where(p => p.NamespaceId == ns.Id).ToListAsync(ct);
        var quotaRows = await db.Set<NamespaceClusterQuota>().Where(q => q.NamespaceId == ns.Id).ToListAsync(ct);
        var before = new { clusters = Explicit(rows), quotas = QuotasOf(quotaRows) };
        if (wantedQuotas is not null && !SameQuotas(before.quotas, wantedQuotas) && !actor.IsPlatformAdmin)
            throw new ForbiddenException("Only platform admins may change a namespace's per-cluster quota.");

        var now = time.GetUtcNow().UtcDateTime;
        var placedBefore = Placed(rows);
        ApplyPlacement(ns.Id, rows, placedBefore, wantedClusters, actor.PersonId, now);
        if (wantedQuotas is not null)
            ApplyQuotas(ns.Id, quotaRows, wantedQuotas, actor.PersonId, now);
        // The version moves: the ETag changes and every cluster's reconciler polls the new placement.
        ns.PlacementChanged(now);
        audit.Record(actor, "namespace.placement", "namespace", name, name, before,
            new { clusters = wantedClusters, quotas = wantedQuotas ?? before.quotas });
        await NamespaceSettings.SaveAsync(db, cache, ct);
        return await ViewAsync(ns, true, ct);
    }

    private void ApplyPlacement(Guid nsId, List<NamespacePlacement> rows, IReadOnlySet<string> placedBefore, List<string>? wanted, Guid by, DateTime now)
    {
        var placedAfter = PlacementRules.Placed(wanted ?? [], options.Value.DefaultClusters, clusters.Clusters.Select(c => c.Name));
        var names = rows.Select(r => r.Cluster).Concat(placedBefore).Concat(placedAfter).Distinct(StringComparer.Ordinal).ToList();
        foreach (var cluster in names)
        {
            var row = rows.FirstOrDefault(r => r.Cluster == cluster);
            if (placedAfter.Contains(cluster))
            {
                if (wanted is null)
                {
                    // Back on the default set: no row, live or removed, is needed for a cluster in it.
                    if (row is not null)
                        db.Remove(row);
                }
                else if (row is null)
                    db.Add(NamespacePlacement.Place(nsId, cluster, by, now));
                else
                    row.Restore(by, now);
            }
            else if (row is not null)
                row.Remove(by, now);
            else if (placedBefore.Contains(cluster))
                db.Add(NamespacePlacement.Removed(nsId, cluster, by, now));
        }
    }

    private void ApplyQuotas(Guid nsId, List<NamespaceClusterQuota> rows, SortedDictionary<string, SortedDictionary<string, string>> wanted, Guid by, DateTime now)
    {
        foreach (var row in rows.Where(r => !wanted.TryGetValue(r.Cluster, out var q) || !q.ContainsKey(r.Resource)))
            db.Remove(row);
        foreach (var (cluster, values) in wanted)
        {
            foreach (var (resource, quantity) in values)
            {
                if (rows.FirstOrDefault(r => r.Cluster == cluster && r.Resource == resource) is { } row)
                {
                    if (row.Quantity != quantity)
                    {
                        row.Quantity = quantity;
                        row.SetAt = now;
                        row.SetById = by;
                    }
                }
                else
                    db.Add(new NamespaceClusterQuota { NamespaceId = nsId, Cluster = cluster, Resource = resource, Quantity = quantity, SetAt = now, SetById = by });
            }
        }
    }

    private IReadOnlySet<string> Placed(List<NamespacePlacement> rows) =>
        PlacementRules.Placed(Explicit(rows), options.Value.DefaultClusters, clusters.Clusters.Select(c => c.Name));

    private static List<string> Explicit(List<NamespacePlacement> rows) => [.. rows.Where(r => r.IsPlaced).Select(r => r.Cluster).Order(StringComparer.Ordinal)];

    private static SortedDictionary<string, SortedDictionary<string, string>> QuotasOf(List<NamespaceClusterQuota> rows) =>
        new(rows.GroupBy(r => r.Cluster).ToDictionary(g => g.Key, g => new SortedDictionary<string, string>(
            g.ToDictionary(r => r.Resource, r => r.Quantity, StringComparer.Ordinal), StringComparer.Ordinal), StringComparer.Ordinal), StringComparer.Ordinal);

    private static bool SameQuotas(SortedDictionary<string, SortedDictionary<string, string>> a, SortedDictionary<string, SortedDictionary<string, string>> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && other.Count == kv.Value.Count
            && kv.Value.All(q => other.TryGetValue(q.Key, out var v) && v == q.Value));

    private async Task<bool> MaySeeQuotaAsync(Actor? actor, NereidNamespace ns, CancellationToken ct) =>
        actor is not null && (actor.IsPlatformAdmin || await db.IsEffectiveMemberAsync(actor, ns.Id, ct));

    private Task<NereidNamespace> FindAsync(string name, bool tracked, CancellationToken ct) => NamespaceSettings.FindAsync(db, name, tracked, ct);
}
