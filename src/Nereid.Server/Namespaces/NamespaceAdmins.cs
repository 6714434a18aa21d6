using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Server.Auth;

namespace Nereid.Server.Namespaces;

/// <summary>
/// The one answer to "which roles does this person hold, and is this person a namespace admin": services, pages, APIs
/// and the reconciler compose these queries instead of repeating the membership filter, so a change to what makes a
/// member or an admin lands in one place. Effective permission is tier ∩ role: a guest's membership rows are dormant.
/// </summary>
internal static class NamespaceAdmins
{
    /// <summary>Memberships whose person currently holds namespace roles (see <see cref="TierNames.HoldsNamespaceRoles"/>).</summary>
    public static IQueryable<Membership> EffectiveMemberships(this NereidDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        // Tiers are stored as names, so the query says "not guest" rather than comparing order in SQL. A suspended
        // person holds no role either, whatever their tier.
        return db.Memberships.Where(m => m.Person!.Tier != Tier.Guest && m.Person.SuspendedAt == null);
    }

    /// <summary>The effective memberships of <paramref name="personId"/>.</summary>
    public static IQueryable<Membership> EffectiveMembershipsOf(this NereidDbContext db, Guid personId) =>
        db.EffectiveMemberships().Where(m => m.PersonId == personId);

    /// <summary>True when the actor holds a role (member or admin) in the namespace with id <paramref name="namespaceId"/>.</summary>
    public static async Task<bool> IsEffectiveMemberAsync(this NereidDbContext db, Actor actor, Guid namespaceId, CancellationToken ct) =>
        actor.Tier.HoldsNamespaceRoles() && await db.EffectiveMembershipsOf(actor.PersonId).AnyAsync(m => m.NamespaceId == namespaceId, ct);

    /// <summary>The admin memberships of <paramref name="personId"/> (one per namespace they administer).</summary>
    public static IQueryable<Membership> AdminMembershipsOf(this NereidDbContext db, Guid personId) =>
        db.EffectiveMembershipsOf(personId).Where(m => m.Role == MembershipRole.Admin);

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
        // The actor's tier may come from a cache a few seconds old; the query re-checks the stored tier as well.
        return actor.Tier.HoldsNamespaceRoles() && await db.AdminMembershipsOf(actor.PersonId).AnyAsync(m => m.Namespace!.Name == name, ct);
    }
}
