using Microsoft.EntityFrameworkCore;
using Nereid.Domain.Errors;

namespace Nereid.Server.People;

/// <summary>Suspending and reinstating people (platform admins). Nothing is revoked or deleted, so reinstating restores exactly.</summary>
internal sealed partial class PeopleService
{
    /// <summary>
    /// Suspends a person: their sessions and tokens stop authenticating at once (the caches are dropped), sign-in is
    /// refused, and their namespaces are marked so the reconciler withdraws their RoleBindings on its next pass.
    /// </summary>
    public async Task<PersonView> SuspendAsync(Auth.Actor actor, Guid id, string? reason, CancellationToken ct)
    {
        RequirePlatformAdmin(actor);
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("That person does not exist.");
        if (person.Id == actor.PersonId)
            throw new ConflictException("You cannot suspend yourself.");
        if (person.IsSuspended)
            throw new ConflictException("That person is already suspended.");
        person.Suspend(reason ?? "", time.GetUtcNow().UtcDateTime);
        audit.Record(actor, "person.suspend", "person", person.Id.ToString(), null, new { suspended = false }, new { suspended = true, reason = person.SuspensionReason });
        await MemberAccessChangedAsync(person.Id, ct);
        await db.SaveChangesAsync(ct);
        sessions.InvalidatePerson(person.Id);
        return await GetAsync(actor, id, ct);
    }

    /// <summary>Ends a suspension: the same sessions, tokens and memberships work again; RoleBindings return on the next pass.</summary>
    public async Task<PersonView> ReinstateAsync(Auth.Actor actor, Guid id, CancellationToken ct)
    {
        RequirePlatformAdmin(actor);
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("That person does not exist.");
        if (!person.IsSuspended)
            throw new ConflictException("That person is not suspended.");
        audit.Record(actor, "person.reinstate", "person", person.Id.ToString(), null,
            new { suspended = true, reason = person.SuspensionReason }, new { suspended = false });
        person.Reinstate();
        await MemberAccessChangedAsync(person.Id, ct);
        await db.SaveChangesAsync(ct);
        // Their sessions and tokens were remembered as rejected while suspended.
        sessions.InvalidateRejections();
        return await GetAsync(actor, id, ct);
    }
}
