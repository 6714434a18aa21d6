using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Namespaces;

namespace Nereid.Server.Pages.Shared;

/// <summary>Small read-only questions the pages ask that the services do not answer (yet).</summary>
public static class PageQueries
{
    /// <summary>How many namespaces match the overview search; the same filter as <c>NamespaceService.ListAsync</c>.</summary>
    public static Task<int> CountNamespacesAsync(this NereidDbContext db, string? search, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        IQueryable<NereidNamespace> q = db.Namespaces.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            q = q.Where(n => n.SearchText.Contains(term));
        }
        return q.CountAsync(ct);
    }

    /// <summary>True when the person administers at least one namespace (shows the Audit link).</summary>
    public static Task<bool> AdministersAnyNamespaceAsync(this NereidDbContext db, Guid personId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Memberships.AsNoTracking().AnyAsync(m => m.PersonId == personId && m.Role == MembershipRole.Admin, ct);
    }
}
