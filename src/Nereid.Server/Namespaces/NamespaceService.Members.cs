using Microsoft.EntityFrameworkCore;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Server.Auth;

namespace Nereid.Server.Namespaces;

internal sealed partial class NamespaceService
{
    /// <summary>Members with roles; visible to the namespace's members and admins and to platform admins.</summary>
    public async Task<IReadOnlyList<MemberView>> ListMembersAsync(Actor actor, string name, CancellationToken ct)
    {
        var ns = await db.Namespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Name == name, ct)
            ?? throw new NotFoundException($"Namespace '{name}' does not exist.");
        if (!actor.IsPlatformAdmin && !await db.IsEffectiveMemberAsync(actor, ns.Id, ct))
            throw new ForbiddenException($"Only members of namespace '{name}' can see its members.");
        return await db.Memberships.AsNoTracking().Where(m => m.NamespaceId == ns.Id)
            .OrderByDescending(m => m.Role).ThenBy(m => m.Person!.DisplayName)
            .Select(m => new MemberView(m.PersonId, m.Person!.DisplayName, m.Person.Email, m.Role == MembershipRole.Admin ? "admin" : "member", m.AddedAt))
            .ToListAsync(ct);
    }

    /// <summary>Adds a person or changes their role. Guests cannot be members: they have no cluster rights yet.</summary>
    public async Task<MemberView> SetMemberAsync(Actor actor, string name, string personRef, MembershipRole role, CancellationToken ct)
    {
        var ns = await LoadTrackedAsync(name, ct);
        await RequireNamespaceAdminAsync(actor, ns, ct);
        RequireActive(ns);
        var person = await FindPersonAsync(personRef, ct);
        if (person.Tier == Tier.Guest)
            throw new ConflictException($"{person.DisplayName} is still a guest; a platform admin must promote them to user before they can join a namespace.");
        var now = time.GetUtcNow().UtcDateTime;
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.NamespaceId == ns.Id && m.PersonId == person.Id, ct);
        if (membership is null)
        {
            membership = ns.AddMember(person.Id, role, actor.PersonId, now);
            db.Memberships.Add(membership);
            audit.Record(actor, "member.add", "person", person.Id.ToString(), name, after: new { person = person.DisplayName, role = role.ToWire() });
            await CancelPendingJoinAsync(ns.Id, person.Id, ct);
        }
        else if (membership.Role != role)
        {
            if (membership.Role == MembershipRole.Admin)
                await RequireAnotherAdminAsync(ns, person.Id, ct);
            audit.Record(actor, "member.role", "person", person.Id.ToString(), name,
                new { person = person.DisplayName, role = membership.Role.ToWire() }, new { person = person.DisplayName, role = role.ToWire() });
            ns.ChangeRole(membership, role, now);
        }
        else
        {
            return new MemberView(person.Id, person.DisplayName, person.Email, role.ToWire(), membership.AddedAt);
        }
        await SaveAsync(ct);
        return new MemberView(person.Id, person.DisplayName, person.Email, role.ToWire(), membership.AddedAt);
    }

    /// <summary>Removes a member; the last admin cannot be removed. Members may remove themselves.</summary>
    public async Task RemoveMemberAsync(Actor actor, string name, string personRef, CancellationToken ct)
    {
        var ns = await LoadTrackedAsync(name, ct);
        var person = await FindPersonAsync(personRef, ct);
        if (person.Id != actor.PersonId)
            await RequireNamespaceAdminAsync(actor, ns, ct);
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.NamespaceId == ns.Id && m.PersonId == person.Id, ct)
            ?? throw new NotFoundException($"{person.DisplayName} is not a member of '{name}'.");
        if (membership.Role == MembershipRole.Admin)
            await RequireAnotherAdminAsync(ns, person.Id, ct);
        ns.RemoveMember(membership, time.GetUtcNow().UtcDateTime);
        db.Memberships.Remove(membership);
        audit.Record(actor, "member.remove", "person", person.Id.ToString(), name, new { person = person.DisplayName, role = membership.Role.ToWire() });
        await SaveAsync(ct);
    }

    private async Task RequireAnotherAdminAsync(NereidNamespace ns, Guid leavingAdmin, CancellationToken ct)
    {
        // A guest's dormant admin row does not count: it would leave the namespace with no one able to run it.
        var others = await db.EffectiveMemberships().CountAsync(m => m.NamespaceId == ns.Id && m.Role == MembershipRole.Admin && m.PersonId != leavingAdmin, ct);
        if (others == 0)
            throw new ConflictException($"Namespace '{ns.Name}' must keep at least one admin; make someone else admin first.");
    }

    private static void RequireActive(NereidNamespace ns)
    {
        if (ns.State != NamespaceState.Active)
            throw new ConflictException($"Namespace '{ns.Name}' is being deleted.");
    }

    /// <summary>Finds a person by id or (case-insensitive) email.</summary>
    private async Task<Person> FindPersonAsync(string personRef, CancellationToken ct)
    {
        var trimmed = (personRef ?? "").Trim();
        Person? person = Guid.TryParse(trimmed, out var id)
            ? await db.People.FirstOrDefaultAsync(p => p.Id == id, ct)
            : await db.People.FirstOrDefaultAsync(p => p.NormalizedEmail == trimmed.ToLowerInvariant() && trimmed != "", ct);
        return person ?? throw new NotFoundException($"No person with id or email '{trimmed}' is known; they must sign in once first.");
    }
}
