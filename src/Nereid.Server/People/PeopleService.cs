using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Server.Api;
using Nereid.Server.Auth;
using Nereid.Server.Namespaces;

namespace Nereid.Server.People;

/// <summary>People and their tiers. Listing people is for platform admins only (the 2018 portal leaked them to guests).</summary>
internal sealed partial class PeopleService(NereidDbContext db, Audit.AuditLog audit, TimeProvider time, SessionCache sessions, Notices.PortalNotices notices,
    Institutions.InstitutionDirectory institutions)
{
    public async Task<Page<PersonView>> SearchAsync(Actor actor, string? search, int limit, string? continueToken, CancellationToken ct)
    {
        RequirePlatformAdmin(actor);
        IQueryable<Person> q = db.People.AsNoTracking().Include(p => p.ExternalIdentities);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            // Every name of an institution finds its people: "UCSD" finds what "UC San Diego" finds.
            var ids = await institutions.MatchingAsync(term, ct);
            // User names too: several people may share a display name, and a local or POSIX user name tells them apart.
            q = q.Where(p => p.DisplayName.ToLower().Contains(term) || p.NormalizedEmail.Contains(term) || p.Institution.ToLower().Contains(term)
                || (p.InstitutionId != null && ids.Contains(p.InstitutionId.Value))
                || db.LocalAccounts.Any(a => a.PersonId == p.Id && a.NormalizedUserName.Contains(term))
                || db.Set<PosixAccount>().Any(a => a.PersonId == p.Id && a.UserName.ToLower().Contains(term)));
        }
        var offset = ContinueToken.Decode(continueToken) is { } s ? int.TryParse(s, out var o) && o >= 0 ? o
            : throw ValidationFailedException.For("continue", "The continue token is not valid.") : 0;
        var rows = await q.OrderBy(p => p.DisplayName).ThenBy(p => p.Id).Skip(offset).Take(limit + 1).ToListAsync(ct);
        var next = rows.Count > limit ? ContinueToken.Encode((offset + limit).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        var shown = rows.Take(limit).ToList();
        var names = await UserNamesAsync(shown.Select(p => p.Id).ToList(), ct);
        return new Page<PersonView>(shown.Select(p => ToView(p) with { UserName = names.GetValueOrDefault(p.Id) }).ToList(), next);
    }

    /// <summary>Each person's user name: the local account's, else the POSIX one (assigned at first sign-in).</summary>
    internal async Task<Dictionary<Guid, string>> UserNamesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var names = await db.Set<PosixAccount>().AsNoTracking().Where(a => ids.Contains(a.PersonId))
            .Select(a => new { a.PersonId, a.UserName }).ToDictionaryAsync(a => a.PersonId, a => a.UserName, ct);
        foreach (var local in await db.LocalAccounts.AsNoTracking().Where(a => ids.Contains(a.PersonId)).Select(a => new { a.PersonId, a.UserName }).ToListAsync(ct))
            names[local.PersonId] = local.UserName;
        return names;
    }

    public async Task<PersonView> GetAsync(Actor actor, Guid id, CancellationToken ct)
    {
        if (actor.PersonId != id)
            RequirePlatformAdmin(actor);
        var person = await db.People.AsNoTracking().Include(p => p.ExternalIdentities).FirstOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new NotFoundException("That person does not exist.");
        return ToView(person);
    }

    public async Task<IReadOnlyList<MyMembershipView>> MembershipsAsync(Actor actor, CancellationToken ct) =>
        await db.EffectiveMembershipsOf(actor.PersonId).AsNoTracking().OrderBy(m => m.Namespace!.Name)
            .Select(m => new MyMembershipView(m.Namespace!.Name, m.Role == MembershipRole.Admin ? "admin" : "member", m.Namespace.Institution))
            .ToListAsync(ct);

    /// <summary>Sets a tier directly (platform admins); it applies at once. A demotion ends the person's sessions; either way they get a notice.</summary>
    public async Task<PersonView> SetTierAsync(Actor actor, Guid id, Tier tier, string? reason, CancellationToken ct)
    {
        RequirePlatformAdmin(actor);
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("That person does not exist.");
        if (person.Tier == tier)
            return await GetAsync(actor, id, ct);
        if (person.Tier == Tier.PlatformAdmin && !await db.People.AnyAsync(p => p.Tier == Tier.PlatformAdmin && p.Id != id, ct))
            throw new ConflictException("The platform must keep at least one platform admin.");
        await ChangeTierAsync(actor, person, tier, reason, ct);
        await db.SaveChangesAsync(ct);
        sessions.InvalidatePerson(person.Id);
        return await GetAsync(actor, id, ct);
    }

    private async Task ChangeTierAsync(Actor actor, Person person, Tier tier, string? reason, CancellationToken ct)
    {
        audit.Record(actor, "person.tier", "person", person.Id.ToString(), null,
            new { tier = person.Tier.ToWire() }, new { tier = tier.ToWire(), reason = (reason ?? "").Trim() });
        var crossesGuestLine = person.Tier.HoldsNamespaceRoles() != tier.HoldsNamespaceRoles();
        var promoted = tier > person.Tier;
        person.ChangeTier(tier);
        if (crossesGuestLine)
            await MemberAccessChangedAsync(person.Id, ct);
        // Told in the portal (saved with the change): a promotion keeps the person signed in, a demotion signs them out.
        var why = string.IsNullOrWhiteSpace(reason) ? "" : $" Reason given: {reason.Trim()}";
        notices.Add(person.Id, promoted ? $"You were promoted to {tier.ToWire()}" : $"Your tier is now {tier.ToWire()}",
            (promoted ? "The new rights apply now; you stay signed in." : "Your sessions were ended; sign in again.") + why, "/home");
    }

    /// <summary>
    /// Marks every namespace the person belongs to, so the reconciler reloads it and grants or withdraws their
    /// RoleBindings on its next pass. Membership rows are kept (dormant) so a re-promotion restores them exactly.
    /// </summary>
    private async Task MemberAccessChangedAsync(Guid personId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var ns in await db.Namespaces.Where(n => n.Memberships.Any(m => m.PersonId == personId)).ToListAsync(ct))
            ns.MemberAccessChanged(now);
    }

    internal static void RequirePlatformAdmin(Actor actor)
    {
        if (!actor.IsPlatformAdmin)
            throw new ForbiddenException("Only platform admins may do this.");
    }

    private static PersonView ToView(Person p) => new(p.Id, p.DisplayName, p.Email, p.Institution, p.Tier.ToWire(), p.CreatedAt, p.LastSeenAt,
        p.ExternalIdentities.OrderBy(i => i.LinkedAt).Select(i => new IdentityView(i.Issuer, i.Subject, i.IdpName, i.LinkedAt, i.LastLoginAt, i.Id)).ToList(),
        p.SuspendedAt, p.IsSuspended ? p.SuspensionReason : null, p.MergedIntoId, p.MergedAt);
}
