using Microsoft.EntityFrameworkCore;
using Nereid.Domain.Errors;
using Nereid.Domain.People;
using Nereid.Domain.Requests;
using Nereid.Server.Auth;

namespace Nereid.Server.People;

internal sealed partial class PeopleService
{
    /// <summary>Anyone signed in may ask for a higher tier (never platform admin, never their own decision).</summary>
    public async Task<TierRequestView> RequestTierAsync(Actor actor, Tier requested, string? reason, CancellationToken ct)
    {
        if (requested <= actor.Tier)
            throw ValidationFailedException.For("tier", $"You already have the {actor.Tier.ToWire()} tier; ask for a higher one.");
        if (requested == Tier.PlatformAdmin)
            throw ValidationFailedException.For("tier", "Platform admin is granted by platform admins directly, not by request.");
        var text = (reason ?? "").Trim();
        if (text.Length == 0)
            throw ValidationFailedException.For("reason", "Say briefly why you need this tier (research group, project).");
        if (text.Length > TierRequest.MaxReasonLength)
            throw ValidationFailedException.For("reason", $"The reason has at most {TierRequest.MaxReasonLength} characters.");
        if (await db.TierRequests.AnyAsync(r => r.PersonId == actor.PersonId && r.State == RequestState.Pending, ct))
            throw new ConflictException("You already have a pending tier request.");
        var request = new TierRequest { PersonId = actor.PersonId, RequestedTier = requested, Reason = text, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.TierRequests.Add(request);
        audit.Record(actor, "tier.request", "tier-request", request.Id.ToString(), null, after: new { tier = requested.ToWire(), reason = text });
        await db.SaveChangesAsync(ct);
        return (await QueryRequests(r => r.Id == request.Id, ct))[0];
    }

    public async Task<IReadOnlyList<TierRequestView>> PendingTierRequestsAsync(Actor actor, CancellationToken ct)
    {
        RequirePlatformAdmin(actor);
        return await QueryRequests(r => r.State == RequestState.Pending, ct);
    }

    public Task<IReadOnlyList<TierRequestView>> MyTierRequestsAsync(Actor actor, CancellationToken ct) =>
        QueryRequests(r => r.PersonId == actor.PersonId, ct);

    /// <summary>Platform admins decide; nobody decides their own request, and an approval applies the tier at once.</summary>
    public async Task<TierRequestView> DecideTierRequestAsync(Actor actor, Guid requestId, bool approve, string? reason, CancellationToken ct)
    {
        RequirePlatformAdmin(actor);
        var request = await db.TierRequests.Include(r => r.Person).FirstOrDefaultAsync(r => r.Id == requestId, ct)
            ?? throw new NotFoundException("That tier request does not exist.");
        if (request.PersonId == actor.PersonId)
            throw new ForbiddenException("Nobody decides their own tier request.");
        var text = (reason ?? "").Trim();
        if (text.Length > TierRequest.MaxReasonLength)
            throw ValidationFailedException.For("reason", $"The reason has at most {TierRequest.MaxReasonLength} characters.");
        request.Decide(approve, actor.PersonId, text, time.GetUtcNow().UtcDateTime);
        audit.Record(actor, approve ? "tier.approve" : "tier.deny", "tier-request", request.Id.ToString(), null,
            after: new { person = request.Person!.DisplayName, tier = request.RequestedTier.ToWire(), reason = text });
        if (approve && request.Person.Tier < request.RequestedTier)
            await ChangeTierAsync(actor, request.Person, request.RequestedTier, text, ct);
        else
        {
            // An approval that changes the tier is told by ChangeTierAsync (the promotion notice); every other decision here.
            var why = text.Length == 0 ? null : $"Reason given: {text}";
            notices.Add(request.PersonId, approve ? $"Your request for the {request.RequestedTier.ToWire()} tier was approved"
                : $"Your request for the {request.RequestedTier.ToWire()} tier was denied", why, "/profile");
        }
        await db.SaveChangesAsync(ct);
        sessions.InvalidatePerson(request.PersonId);
        return (await QueryRequests(r => r.Id == requestId, ct))[0];
    }

    private async Task<IReadOnlyList<TierRequestView>> QueryRequests(System.Linq.Expressions.Expression<Func<TierRequest, bool>> filter, CancellationToken ct) =>
        (await db.TierRequests.AsNoTracking().Where(filter).Select(r => new { r, r.Person!.DisplayName, r.Person.Email, r.Person.Tier }).ToListAsync(ct))
        .OrderBy(x => x.r.CreatedAt)
        .Select(x => new TierRequestView(x.r.Id, x.r.PersonId, x.DisplayName, x.Email, x.r.RequestedTier.ToWire(), x.Tier.ToWire(), x.r.Reason,
            x.r.State.ToString().ToLowerInvariant(), x.r.CreatedAt, x.r.DecisionReason))
        .ToList();
}
