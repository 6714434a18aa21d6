using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Kubernetes.Projection;

namespace Nereid.Server.Clusters;

/// <summary>One namespace as the database last showed it.</summary>
public sealed record DesiredEntry(string Name, int Version, NamespaceState State, DateTime? DeletionRequestedAt, NamespaceSnapshot Snapshot);

/// <summary>
/// The database side of the reconciler: an in-memory copy of every namespace, refreshed by polling the (cheap)
/// name/version list and bulk-loading only rows whose version moved. Reconcile passes read from memory, so a full
/// resync over thousands of namespaces costs a handful of queries instead of one per namespace. Polling (rather than
/// hooks in NamespaceService) also notices changes made by other replicas. Stored quota overrides ride along: setting
/// them bumps the namespace version.
/// </summary>
public sealed class DesiredStateCache(IServiceScopeFactory scopes, ReconcilerOptions options) : IDesiredNamespaces
{
    private readonly ConcurrentDictionary<string, DesiredEntry> _entries = new(StringComparer.Ordinal);

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
        var changed = versions.Where(v => !_entries.TryGetValue(v.Key, out var e) || e.Version != v.Value).Select(v => v.Key).ToList();
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
        }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new DesiredEntry(r.Name, r.Version, r.State, r.DeletionRequestedAt,
            new NamespaceSnapshot(r.Name, r.Institution, r.Pis, r.Description, r.Grants,
                [.. r.Members.Select(m => new MemberSnapshot(m.Email, m.Role == MembershipRole.Admin))],
                options.QuotaOverrides.GetValueOrDefault(r.Name),
                r.Quota.Count == 0 ? null : r.Quota.ToDictionary(q => q.Resource, q => q.Quantity, StringComparer.Ordinal))))];
    }
}
