using Microsoft.EntityFrameworkCore;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Domain.Requests;
using Nereid.Server.Auth;

namespace Nereid.Server.Namespaces;

internal sealed partial class NamespaceService
{
    /// <summary>A user asks to join. Guests are told to request promotion first.</summary>
    public async Task<JoinRequestView> RequestJoinAsync(Actor actor, string name, string? message, CancellationToken ct)
    {
        if (!actor.AtLeast(Tier.User))
            throw new ForbiddenException("Guests cannot join namespaces; request promotion to user on your profile page first.");
        var ns = await LoadTrackedAsync(name, ct);
        RequireActive(ns);
        var text = (message ?? "").Trim();
        if (text.Length > JoinRequest.MaxMessageLength)
            throw ValidationFailedException.For("message", $"The message has at most {JoinRequest.MaxMessageLength} characters.");
        if (await db.Memberships.AnyAsync(m => m.NamespaceId == ns.Id && m.PersonId == actor.PersonId, ct))
            throw new ConflictException($"You are already a member of '{name}'.");
        if (await db.JoinRequests.AnyAsync(r => r.NamespaceId == ns.Id && r.PersonId == actor.PersonId && r.State == RequestState.Pending, ct))
            throw new ConflictException($"You already asked to join '{name}'; its admins will decide.");
        var request = new JoinRequest { NamespaceId = ns.Id, PersonId = actor.PersonId, Message = text, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.JoinRequests.Add(request);
        audit.Record(actor, "join.request", "join-request", request.Id.ToString(), name, after: new { message = text });
        await SaveAsync(ct);
        return (await ListJoinRequestsCoreAsync(ns.Id, r => r.Id == request.Id, ct))[0];
    }

    /// <summary>The requester takes back their pending request to join <paramref name="name"/>; 404 when they have none.</summary>
    public async Task WithdrawJoinAsync(Actor actor, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var ns = await LoadTrackedAsync(name, ct);
        var request = await db.JoinRequests.FirstOrDefaultAsync(r => r.NamespaceId == ns.Id && r.PersonId == actor.PersonId && r.State == RequestState.Pending, ct)
            ?? throw new NotFoundException($"You have no pending request to join '{name}'.");
        request.Cancel();
        audit.Record(actor, "join.withdraw", "join-request", request.Id.ToString(), name);
        await SaveAsync(ct);
    }

    /// <summary>Pending join requests; for the namespace's admins and platform admins.</summary>
    public async Task<IReadOnlyList<JoinRequestView>> ListJoinRequestsAsync(Actor actor, string name, CancellationToken ct)
    {
        var ns = await LoadTrackedAsync(name, ct);
        await RequireNamespaceAdminAsync(actor, ns, ct);
        return await ListJoinRequestsCoreAsync(ns.Id, r => r.State == RequestState.Pending, ct);
    }

    /// <summary>Approves (adds as member) or denies, with a reason the requester sees.</summary>
    public async Task<JoinRequestView> DecideJoinAsync(Actor actor, string name, Guid requestId, bool approve, string? reason, CancellationToken ct)
    {
        var ns = await LoadTrackedAsync(name, ct);
        await RequireNamespaceAdminAsync(actor, ns, ct);
        var request = await db.JoinRequests.Include(r => r.Person).FirstOrDefaultAsync(r => r.Id == requestId && r.NamespaceId == ns.Id, ct)
            ?? throw new NotFoundException("That join request does not exist.");
        var text = (reason ?? "").Trim();
        if (text.Length > JoinRequest.MaxMessageLength)
            throw ValidationFailedException.For("reason", $"The reason has at most {JoinRequest.MaxMessageLength} characters.");
        var now = time.GetUtcNow().UtcDateTime;
        request.Decide(approve, actor.PersonId, text, now);
        if (approve)
        {
            RequireActive(ns);
            if (request.Person!.Tier == Tier.Guest)
                throw new ConflictException($"{request.Person.DisplayName} is a guest again; they cannot join until promoted.");
            if (!await db.Memberships.AnyAsync(m => m.NamespaceId == ns.Id && m.PersonId == request.PersonId, ct))
                db.Memberships.Add(ns.AddMember(request.PersonId, MembershipRole.Member, actor.PersonId, now));
        }
        audit.Record(actor, approve ? "join.approve" : "join.deny", "join-request", request.Id.ToString(), name,
            after: new { person = request.Person!.DisplayName, reason = text });
        // The requester learns the decision in their inbox (saved with it), with the admin's reason when one was given.
        notices.Add(request.PersonId, approve ? $"You are now a member of {name}" : $"Your request to join {name} was denied",
            text.Length == 0 ? null : $"Reason given: {text}", $"/namespaces/{Uri.EscapeDataString(name)}");
        await SaveAsync(ct);
        return (await ListJoinRequestsCoreAsync(ns.Id, r => r.Id == requestId, ct))[0];
    }

    /// <summary>The actor's own requests, for the profile page.</summary>
    public async Task<IReadOnlyList<JoinRequestView>> MyJoinRequestsAsync(Actor actor, CancellationToken ct) =>
        (await db.JoinRequests.AsNoTracking().Where(r => r.PersonId == actor.PersonId)
            .Select(r => new { r, r.Namespace!.Name, r.Person!.DisplayName, r.Person.Email }).ToListAsync(ct))
        .OrderByDescending(x => x.r.CreatedAt)
        .Select(x => new JoinRequestView(x.r.Id, x.Name, x.r.PersonId, x.DisplayName, x.Email, x.r.Message,
            x.r.State.ToString().ToLowerInvariant(), x.r.CreatedAt, x.r.DecisionReason))
        .ToList();

    private async Task CancelPendingJoinAsync(Guid namespaceId, Guid personId, CancellationToken ct)
    {
        foreach (var pending in await db.JoinRequests.Where(r => r.NamespaceId == namespaceId && r.PersonId == personId && r.State == RequestState.Pending).ToListAsync(ct))
            pending.Cancel();
    }

    private async Task<IReadOnlyList<JoinRequestView>> ListJoinRequestsCoreAsync(Guid namespaceId,
        System.Linq.Expressions.Expression<Func<JoinRequest, bool>> filter, CancellationToken ct) =>
        (await db.JoinRequests.AsNoTracking().Where(r => r.NamespaceId == namespaceId).Where(filter)
            .Select(r => new { r, r.Namespace!.Name, r.Person!.DisplayName, r.Person.Email }).ToListAsync(ct))
        .OrderBy(x => x.r.CreatedAt)
        .Select(x => new JoinRequestView(x.r.Id, x.Name, x.r.PersonId, x.DisplayName, x.Email, x.r.Message,
            x.r.State.ToString().ToLowerInvariant(), x.r.CreatedAt, x.r.DecisionReason))
        .ToList();
}
