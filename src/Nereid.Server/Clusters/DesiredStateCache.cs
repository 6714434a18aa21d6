using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Kubernetes.Projection;

namespace Nereid.Server.Clusters;

/// <summary>One namespace as the database last showed it.</summary>
/// <param name="Placement">Where it stands in the cache's cluster; null when the cache reads for no particular cluster (placed).</param>
internal sealed record DesiredEntry(string Name, int Version, NamespaceState State, DateTime? DeletionRequestedAt, NamespaceSnapshot Snapshot,
    ClusterPlacement? Placement = null);

/// <summary>A namespace's placement as one cluster's reconciler sees it.</summary>
/// <param name="Placed">True when the namespace should exist in the cluster.</param>
/// <param name="RemovedAt">When a placement change took it out of the cluster (the removal grace period starts there); null otherwise.</param>
internal sealed record ClusterPlacement(bool Placed, DateTime? RemovedAt);

/// <summary>The cluster a <see cref="DesiredStateCache"/> reads for, and the platform's default placement.</summary>
/// <param name="Cluster">The cluster's name.</param>
/// <param name="DefaultClusters">Clusters a namespace without explicit placement lives on; empty: every cluster.</param>
/// <param name="GroupsPrefix">The prefix the cluster's API servers give the groups claim, used while the cluster trusts Nereid's issuer.</param>
internal sealed record PlacementScope(string Cluster, IReadOnlyCollection<string> DefaultClusters, string? GroupsPrefix = null);

/// <summary>
/// The database side of the reconciler: an in-memory copy of every namespace, refreshed by polling the (cheap)
/// name/version list and bulk-loading only rows whose version moved. Reconcile passes read from memory, so a full
/// resync over thousands of namespaces costs a handful of queries instead of one per namespace. Polling (rather than
/// hooks in NamespaceService) also notices changes made by other replicas. Stored quota overrides ride along: setting
/// them bumps the namespace version. Given a <see cref="PlacementScope"/>, each entry also says whether the namespace is
/// placed on that cluster, and that cluster's quota overrides are merged over the namespace's own; while the cluster
/// trusts Nereid's issuer (<c>cluster_trust</c>) each snapshot asks for group RoleBindings, and a change of that setting
/// reloads every namespace.
/// </summary>
internal sealed class DesiredStateCache(IServiceScopeFactory scopes, ReconcilerOptions options, PlacementScope? placement = null) : IDesiredNamespaces
{
    private readonly ConcurrentDictionary<string, DesiredEntry> _entries = new(StringComparer.Ordinal);
    private int _trustVersion;

    /// <summary>Names currently known.</summary>
    public ICollection<string> Names => _entries.Keys;

    /// <summary>The cached entry, or null when the namespace does not exist.</summary>
    public DesiredEntry? Get(string name) => _entries.GetValueOrDefault(name);

    DesiredEntry? IDesiredNamespaces.Get(NamespaceKey key) => Get(key.Name);

    /// <summary>Every member email of every active namespace (for the cluster-wide binding).</summary>
    public IEnumerable<string> ActiveMemberEmails() =>
        _entries.Values.Where(e => e.State == NamespaceState.Active).SelectMany(e => e.Snapshot.Members).Select(m => m.Email);

    /// <summary>Reloads everything; returns every name that was or is known.</summary>
    public async Task<IReadOnlyCollection<string>> ReloadAllAsync(CancellationToken cancellationToken)
    {
        var before = _entries.Keys.ToHashSet(StringComparer.Ordinal);
        _trustVersion = await TrustVersionAsync(cancellationToken);
        var loaded = await LoadAsync(null, cancellationToken);
        foreach (var e in loaded)
        {
            _entries[e.Name] = e;
        }
        var now = loaded.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in before.Where(n => !now.Contains(n)))
        {
            _entries.TryRemove(gone, out _);
        }
        before.UnionWith(now);
        return before;
    }

    /// <summary>Compares versions with the database and loads what changed; returns the names that changed or vanished.</summary>
    public async Task<IReadOnlyList<string>> PollAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, int> versions;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
            versions = await db.Set<NereidNamespace>().AsNoTracking().Select(n => new { n.Name, n.Version })
                .ToDictionaryAsync(n => n.Name, n => n.Version, StringComparer.Ordinal, cancellationToken);
        }
        var trustVersion = await TrustVersionAsync(cancellationToken);
        // The trust setting changes every namespace's bindings in this cluster.
        var trustChanged = trustVersion != _trustVersion;
        _trustVersion = trustVersion;
        var changed = versions.Where(v => trustChanged || !_entries.TryGetValue(v.Key, out var e) || e.Version != v.Value).Select(v => v.Key).ToList();
        var vanished = _entries.Keys.Where(n => !versions.ContainsKey(n)).ToList();
        foreach (var name in vanished)
        {
            _entries.TryRemove(name, out _);
        }
        if (changed.Count > 0)
        {
            foreach (var e in await LoadAsync(changed, cancellationToken))
            {
                _entries[e.Name] = e;
            }
        }
        return [.. changed, .. vanished];
    }

    /// <summary>Reads one namespace from the database now (not cached); null when it does not exist.</summary>
    public async Task<DesiredEntry?> LoadOneAsync(string name, CancellationToken cancellationToken) =>
        (await LoadAsync([name], cancellationToken)).SingleOrDefault();

    private async Task<List<DesiredEntry>> LoadAsync(List<string>? names, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var query = db.Set<NereidNamespace>().AsNoTracking();
        var clusterName = placement?.Cluster ?? "";
        var groupsPrefix = placement?.GroupsPrefix is { } prefix
            && await db.ClusterTrustSettings.AnyAsync(t => t.Cluster == clusterName && t.TrustsNereid, cancellationToken) ? prefix : null;
        if (names is not null)
        {
            query = query.Where(n => names.Contains(n.Name));
        }
        var rows = await query.Select(n => new
        {
            n.Name, n.Version, n.State, n.DeletionRequestedAt, n.Institution, n.Pis, n.Description, n.Grants,
            // Effective permission is tier ∩ role: a guest's or suspended person's dormant rows project no RoleBinding.
            Members = n.Memberships.Where(m => m.Person!.Tier != Tier.Guest && m.Person.SuspendedAt == null).Select(m => new { m.Person!.Email, m.Role }).ToList(),
            Quota = db.Set<NamespaceQuotaOverride>().Where(q => q.NamespaceId == n.Id).Select(q => new { q.Resource, q.Quantity }).ToList(),
            Placements = db.Set<NamespacePlacement>().Where(p => p.NamespaceId == n.Id).Select(p => new { p.Cluster, p.RemovedAt }).ToList(),
            ClusterQuota = db.Set<NamespaceClusterQuota>().Where(q => q.NamespaceId == n.Id && q.Cluster == clusterName)
                .Select(q => new { q.Resource, q.Quantity }).ToList(),
            Federated = db.Set<NamespaceFederation>().Any(f => f.NamespaceId == n.Id),
        }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new DesiredEntry(r.Name, r.Version, r.State, r.DeletionRequestedAt,
            new NamespaceSnapshot(r.Name, r.Institution, r.Pis, r.Description, r.Grants,
                [.. r.Members.Select(m => new MemberSnapshot(m.Email, m.Role == MembershipRole.Admin))],
                options.QuotaOverrides.GetValueOrDefault(r.Name),
                Stored([.. r.Quota.Select(q => (q.Resource, q.Quantity))], [.. r.ClusterQuota.Select(q => (q.Resource, q.Quantity))]),
                // Admiralty's mutating webhook makes the pods of a labelled namespace candidates for other clusters.
                r.Federated ? Federation.AdmiraltyObjects.NamespaceLabels : null, groupsPrefix),
            placement is null ? null : PlacementOf([.. r.Placements.Select(p => (p.Cluster, p.RemovedAt))], placement)))];
    }

    private async Task<int> TrustVersionAsync(CancellationToken cancellationToken)
    {
        if (placement?.GroupsPrefix is null)
            return 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        return await db.ClusterTrustSettings.AsNoTracking().Where(t => t.Cluster == placement.Cluster).Select(t => t.Version).FirstOrDefaultAsync(cancellationToken);
    }

    // The cluster's own values win over the namespace's stored overrides.
    private static Dictionary<string, string>? Stored(List<(string Resource, string Quantity)> own, List<(string Resource, string Quantity)> cluster)
    {
        if (own.Count == 0 && cluster.Count == 0)
        {
            return null;
        }
        var merged = own.ToDictionary(q => q.Resource, q => q.Quantity, StringComparer.Ordinal);
        foreach (var (resource, quantity) in cluster)
        {
            merged[resource] = quantity;
        }
        return merged;
    }

    private static ClusterPlacement PlacementOf(List<(string Cluster, DateTime? RemovedAt)> rows, PlacementScope scope)
    {
        var live = rows.Where(p => p.RemovedAt is null).Select(p => p.Cluster).ToList();
        var placed = PlacementRules.IsPlaced(scope.Cluster, live, scope.DefaultClusters);
        return new ClusterPlacement(placed, placed ? null : rows.FirstOrDefault(p => p.Cluster == scope.Cluster).RemovedAt);
    }
}
