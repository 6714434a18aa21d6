using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Server.Auth;

namespace Nereid.Server.Namespaces;

/// <summary>
/// The steps every If-Match-guarded setting of a namespace (placement, federation) shares: load it (404), let only its
/// admins and platform admins change it (403), refuse a stale version (412), and save the change with its audit entry
/// in one unit of work, a concurrent save reported as 412 and the namespace list refreshed either way.
/// </summary>
internal static class NamespaceSettings
{
    /// <summary>The namespace called <paramref name="name"/>; 404 when it does not exist.</summary>
    public static async Task<NereidNamespace> FindAsync(NereidDbContext db, string name, bool tracked, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = tracked ? db.Set<NereidNamespace>() : db.Set<NereidNamespace>().AsNoTracking();
        return await query.FirstOrDefaultAsync(n => n.Name == name, ct)
            ?? throw new NotFoundException($"Namespace '{name}' does not exist.");
    }

    /// <summary>The namespace, tracked for a change by <paramref name="actor"/>; 403 with "Only admins of … may <paramref name="change"/>." otherwise.</summary>
    public static async Task<NereidNamespace> FindForChangeAsync(NereidDbContext db, Actor actor, string name, string change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var ns = await FindAsync(db, name, tracked: true, ct);
        if (!await db.IsNamespaceAdminAsync(actor, name, ct))
            throw new ForbiddenException($"Only admins of namespace '{name}' and platform admins may {change}.");
        return ns;
    }

    /// <summary>412 when the client's If-Match version is not the namespace's current one.</summary>
    public static void CheckVersion(NereidNamespace ns, int? expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(ns);
        if (expectedVersion is { } v && v != ns.Version)
            throw new PreconditionFailedException($"Namespace '{ns.Name}' was changed by someone else (version {ns.Version}, you had {v}); reload and try again.");
    }

    /// <summary>Saves the change and its audit entry together; a concurrent change of the namespace is a 412.</summary>
    public static async Task SaveAsync(NereidDbContext db, NamespaceListCache cache, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cache);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new PreconditionFailedException("Someone else changed this namespace at the same time; reload and try again.");
        }
        finally
        {
            cache.Invalidate();
        }
    }
}
