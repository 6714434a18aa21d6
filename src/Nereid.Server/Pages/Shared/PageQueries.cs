using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Pages.Shared;

/// <summary>Small read-only questions the pages ask that the services do not answer (yet).</summary>
internal static class PageQueries
{
    /// <summary>True when the person administers at least one namespace (shows the Audit link).</summary>
    public static Task<bool> AdministersAnyNamespaceAsync(this NereidDbContext db, Guid personId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.AdminMembershipsOf(personId).AsNoTracking().AnyAsync(ct);
    }
}
