using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Server.Api;

namespace Nereid.Server.Namespaces;

/// <summary>Reads namespaces: the public overview and single namespaces. Writes live in the partial files.</summary>
internal sealed partial class NamespaceService(NereidDbContext db, Audit.AuditLog audit, TimeProvider time, NamespaceRules rules,
    NamespaceListCache cache, Institutions.InstitutionDirectory institutions, Notices.PortalNotices notices)
{
    public async Task<Page<NamespaceView>> ListAsync(NamespaceQuery query, CancellationToken ct)
    {
        var q = await FilterAsync(query.Search, ct);
        var position = ContinueToken.Decode(query.Continue);
        List<NereidNamespace> rows;
        string? next;
        if (query.Sort == NamespaceSort.Name && !query.Descending)
        {
            // Keyset paging on the unique name: stable and cheap however deep the page.
            if (position is not null)
                q = q.Where(n => string.Compare(n.Name, position) > 0);
            rows = await q.OrderBy(n => n.Name).Take(query.Limit + 1).ToListAsync(ct);
            next = rows.Count > query.Limit ? ContinueToken.Encode(rows[query.Limit - 1].Name) : null;
        }
        else
        {
            var offset = position is null ? 0 : int.TryParse(position, out var o) && o >= 0 ? o
                : throw ValidationFailedException.For("continue", "The continue token does not fit this sort order.");
            rows = await Sorted(q, query.Sort, query.Descending).Skip(offset).Take(query.Limit + 1).ToListAsync(ct);
            next = rows.Count > query.Limit ? ContinueToken.Encode((offset + query.Limit).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        }
        if (rows.Count > query.Limit)
            rows.RemoveAt(rows.Count - 1);
        return new Page<NamespaceView>(await ToViewsAsync(rows, ct), next);
    }

    /// <summary>How many namespaces match a search.</summary>
    public async Task<int> CountAsync(string? search, CancellationToken ct) => await (await FilterAsync(search, ct)).CountAsync(ct);

    /// <summary>A page of the overview and the total, served from <see cref="NamespaceListCache"/> while nothing changed.</summary>
    public async Task<(Page<NamespaceView> Page, int Total)> OverviewAsync(NamespaceQuery query, CancellationToken ct)
    {
        var key = $"overview\u0001{query.Search}\u0001{query.Sort}\u0001{query.Descending}\u0001{query.Limit}\u0001{query.Continue}";
        if (cache.TryGetValue<(Page<NamespaceView>, int)>(key, out var cached))
            return cached;
        var generation = cache.Generation;
        var result = (await ListAsync(query, ct), await CountAsync(query.Search, ct));
        cache.SetValue(key, result, generation);
        return result;
    }

    private async Task<IQueryable<NereidNamespace>> FilterAsync(string? search, CancellationToken ct)
    {
        IQueryable<NereidNamespace> q = db.Namespaces.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            // Every name of an institution finds its namespaces: "UCSD" finds what "UC San Diego" finds.
            var ids = await institutions.MatchingAsync(term, ct);
            q = ids.Count == 0 ? q.Where(n => n.SearchText.Contains(term))
                : q.Where(n => n.SearchText.Contains(term) || (n.InstitutionId != null && ids.Contains(n.InstitutionId.Value)));
        }
        return q;
    }

    public async Task<NamespaceView> GetAsync(string name, CancellationToken ct)
    {
        var ns = await db.Namespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Name == name, ct)
            ?? throw new NotFoundException($"Namespace '{name}' does not exist.");
        return (await ToViewsAsync([ns], ct))[0];
    }

    private IQueryable<NereidNamespace> Sorted(IQueryable<NereidNamespace> q, NamespaceSort sort, bool desc) => sort switch
    {
        NamespaceSort.Institution => desc ? q.OrderByDescending(n => n.Institution).ThenBy(n => n.Name) : q.OrderBy(n => n.Institution).ThenBy(n => n.Name),
        NamespaceSort.Created => desc ? q.OrderByDescending(n => n.CreatedAt).ThenBy(n => n.Name) : q.OrderBy(n => n.CreatedAt).ThenBy(n => n.Name),
        NamespaceSort.Members => desc
            ? q.OrderByDescending(n => db.Memberships.Count(m => m.NamespaceId == n.Id)).ThenBy(n => n.Name)
            : q.OrderBy(n => db.Memberships.Count(m => m.NamespaceId == n.Id)).ThenBy(n => n.Name),
        _ => desc ? q.OrderByDescending(n => n.Name) : q.OrderBy(n => n.Name),
    };

    private async Task<IReadOnlyList<NamespaceView>> ToViewsAsync(List<NereidNamespace> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
            return [];
        var ids = rows.Select(r => r.Id).ToList();
        var creatorIds = rows.Select(r => r.CreatedById).Distinct().ToList();
        var counts = await db.Memberships.AsNoTracking().Where(m => ids.Contains(m.NamespaceId))
            .GroupBy(m => m.NamespaceId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var admins = (await db.Memberships.AsNoTracking().Where(m => ids.Contains(m.NamespaceId) && m.Role == MembershipRole.Admin)
                .Select(m => new { m.NamespaceId, m.Person!.DisplayName }).ToListAsync(ct))
            .ToLookup(x => x.NamespaceId, x => x.DisplayName);
        var creators = await db.People.AsNoTracking().Where(p => creatorIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        return rows.Select(n => new NamespaceView(n.Name, n.Institution, n.Pis, n.Grants, n.Software, n.Description, n.Publications,
            n.State == NamespaceState.Active ? "active" : "deleting", n.CreatedAt, creators.GetValueOrDefault(n.CreatedById, ""),
            counts.GetValueOrDefault(n.Id), admins[n.Id].Order(StringComparer.OrdinalIgnoreCase).ToList(), n.Version)).ToList();
    }

    private async Task<NereidNamespace> LoadTrackedAsync(string name, CancellationToken ct) =>
        await db.Namespaces.FirstOrDefaultAsync(n => n.Name == name, ct)
        ?? throw new NotFoundException($"Namespace '{name}' does not exist.");
}
