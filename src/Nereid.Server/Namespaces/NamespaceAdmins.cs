using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Server.Auth;

namespace Nereid.Server.Namespaces;

/// <summary>
/// The one answer to "is this person a namespace admin": services, pages and APIs compose these queries instead of
/// repeating the membership filter, so a change to what makes an admin lands in one place.
/// </summary>
internal static class NamespaceAdmins
{
    /// <summary>The admin memberships of <paramref name="personId"/> (one per namespace they administer).</summary>
    public static IQueryable<Membership> AdminMembershipsOf(this NereidDbContext db, Guid personId)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Memberships.Where(m => m.PersonId == personId && m.Role == MembershipRole.Admin);
    }

    /// <summary>The names of the namespaces <paramref name="personId"/> administers.</summary>
    public static IQueryable<string> AdministeredNamespaces(this NereidDbContext db, Guid personId) =>
        db.AdminMembershipsOf(personId).Select(m => m.Namespace!.Name);

    /// <summary>True when the actor administers namespace <paramref name="name"/>: its admin role, or platform admin.</summary>
    public static async Task<bool> IsNamespaceAdminAsync(this NereidDbContext db, Actor? actor, string name, CancellationToken ct)
    {
        if (actor is null)
            return false;
        if (actor.IsPlatformAdmin)
            return true;
        return await db.AdminMembershipsOf(actor.PersonId).AnyAsync(m => m.Namespace!.Name == name, ct);
    }
}
