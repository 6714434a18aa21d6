using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Domain.Notices;
using Nereid.Domain.People;
using Nereid.Domain.Requests;
using Nereid.Server.Audit;
using Nereid.Server.Auth;

namespace Nereid.Server.People.Merge;

/// <summary>
/// Merges two people into one (platform admins): the survivor keeps every membership, request, linked sign-in and
/// notice of both; the other person is left as a tombstone pointing at the survivor. One transaction, one audit entry.
/// </summary>
internal sealed partial class PersonMergeService(NereidDbContext db, AuditLog audit, TimeProvider time, SessionCache sessions, PeopleService people,
    ILogger<PersonMergeService> logger)
{
    /// <summary>What merging <paramref name="otherId"/> into <paramref name="survivorId"/> would do, with the ETag to confirm it.</summary>
    public async Task<MergePlan> PreviewAsync(Actor actor, Guid survivorId, Guid? otherId, CancellationToken ct)
    {
        PeopleService.RequirePlatformAdmin(actor);
        var state = await LoadAsync(survivorId, otherId, ct);
        return await PlanAsync(actor, state, ct);
    }

    /// <summary>
    /// Merges <paramref name="otherId"/> into <paramref name="survivorId"/>. <paramref name="ifMatch"/> must be the
    /// ETag of the current preview; <paramref name="force"/> is needed when both people have a POSIX identity.
    /// </summary>
    public async Task<PersonView> MergeAsync(Actor actor, Guid survivorId, Guid? otherId, bool force, string? ifMatch, CancellationToken ct)
    {
        PeopleService.RequirePlatformAdmin(actor);
        var state = await LoadAsync(survivorId, otherId, ct);
        var plan = await PlanAsync(actor, state, ct);
        if (string.IsNullOrWhiteSpace(ifMatch))
            throw new PreconditionFailedException("Send If-Match with the ETag of the merge preview (GET this URL with ?other=…), so you confirm what you saw.");
        if (ifMatch.Trim() != plan.ETag)
            throw new PreconditionFailedException("One of the two people changed since the preview; look at the merge preview again and confirm that.");
        if (plan.NeedsForce && !force)
        {
            throw new ConflictException($"Both people have a POSIX identity ({plan.SurvivorPosix} and {plan.OtherPosix}); files and Slurm accounting may " +
                "belong to either. Merge with force to keep the survivor's and record the other in the audit.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var (survivor, other) = (state.Survivor, state.Other);
        if (state.ResultTier > survivor.Tier)
            survivor.ChangeTier(state.ResultTier);
        MoveMemberships(state, now);
        MoveRequests(state);
        foreach (var identity in state.Identities)
            identity.PersonId = survivor.Id;
        foreach (var token in state.Tokens.Where(t => t.RevokedAt is null))
            token.RevokedAt = now;
        foreach (var session in state.Sessions.Where(s => s.RevokedAt is null))
            session.RevokedAt = now;
        other.MarkMergedInto(survivor.Id, now);
        audit.Record(actor, "person.merge", "person", survivor.Id.ToString(), null,
            before: new { survivor = survivor.Id, merged = other.Id, survivorPosix = plan.SurvivorPosix, otherPosix = plan.OtherPosix },
            after: new
            {
                tier = plan.ResultTier, memberships = plan.Memberships, requests = plan.Requests, identities = plan.Identities,
                posix = plan.PosixOutcome, localAccount = plan.LocalAccountOutcome, notices = plan.Notices,
                tokensRevoked = plan.TokensRevoked, sessionsEnded = plan.SessionsEnded, forced = plan.NeedsForce,
            });
        await db.SaveChangesAsync(ct);
        // Rows keyed by the person (their key cannot change through the change tracker) move by update.
        await db.Set<PortalNotice>().Where(n => n.PersonId == other.Id).ExecuteUpdateAsync(u => u.SetProperty(n => n.PersonId, survivor.Id), ct);
        if (state.SurvivorPosix is null && state.OtherPosix is not null)
            await db.Set<PosixAccount>().Where(a => a.PersonId == other.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.PersonId, survivor.Id), ct);
        if (!state.SurvivorHasPassword && state.OtherHasPassword)
            await db.LocalAccounts.Where(a => a.PersonId == other.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.PersonId, survivor.Id), ct);
        await transaction.CommitAsync(ct);

        sessions.InvalidatePerson(other.Id);
        sessions.InvalidatePerson(survivor.Id);
        foreach (var identity in state.Identities)
            sessions.InvalidateIdentity(identity.Issuer, identity.Subject);
        foreach (var token in state.Tokens)
            sessions.InvalidateToken(token.Hash);
        LogMerged(logger, other.Id, survivor.Id, actor.PersonId);
        return await people.GetAsync(actor, survivor.Id, ct);
    }

    private static void MoveMemberships(MergeState state, DateTime now)
    {
        foreach (var ns in state.Namespaces)
        {
            var theirs = ns.Memberships.SingleOrDefault(m => m.PersonId == state.Other.Id);
            if (theirs is null)
                continue;
            var ours = ns.Memberships.SingleOrDefault(m => m.PersonId == state.Survivor.Id);
            if (ours is null)
            {
                ns.TransferMember(theirs, state.Survivor.Id, now);
                continue;
            }
            // Both are members: the higher role wins, and the other's row goes.
            if (theirs.Role > ours.Role)
                ns.ChangeRole(ours, theirs.Role, now);
            ns.RemoveMember(theirs, now);
        }
    }

    private static void MoveRequests(MergeState state)
    {
        // Decide first, from the state before anything moved, then move: the plan shows exactly these outcomes.
        var cancelled = state.JoinRequests.Where(r => r.State == RequestState.Pending && JoinMootReason(state, r) is not null).ToList();
        var cancelledTiers = state.TierRequests.Where(r => r.State == RequestState.Pending && TierMootReason(state, r) is not null).ToList();
        foreach (var request in cancelled)
            request.Cancel();
        foreach (var request in cancelledTiers)
            request.Cancel();
        foreach (var request in state.JoinRequests.Where(r => r.PersonId == state.Other.Id))
            request.TransferTo(state.Survivor.Id);
        foreach (var request in state.TierRequests.Where(r => r.PersonId == state.Other.Id))
            request.TransferTo(state.Survivor.Id);
    }

    /// <summary>Why a pending join request (of either person) is cancelled by the merge, or null when it stays pending.</summary>
    private static string? JoinMootReason(MergeState state, JoinRequest request)
    {
        if (state.Namespaces.Any(n => n.Id == request.NamespaceId && n.Memberships.Any(m => m.PersonId == state.Survivor.Id || m.PersonId == state.Other.Id)))
            return "the merged person is already a member";
        if (request.PersonId == state.Other.Id
            && state.JoinRequests.Any(r => r.PersonId == state.Survivor.Id && r.NamespaceId == request.NamespaceId && r.State == RequestState.Pending))
            return "the survivor asks to join the same namespace";
        return null;
    }

    /// <summary>Why a pending tier request is cancelled, or null when it stays pending: one pending request per person, the higher kept.</summary>
    private static string? TierMootReason(MergeState state, TierRequest request)
    {
        if (request.RequestedTier <= state.ResultTier)
            return "the merged person already holds that tier";
        var pending = state.TierRequests.Where(r => r.State == RequestState.Pending && r.RequestedTier > state.ResultTier)
            .OrderByDescending(r => r.RequestedTier).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id).First();
        return pending.Id == request.Id ? null : "a request for a higher or equal tier is kept instead";
    }

    private async Task<MergeState> LoadAsync(Guid survivorId, Guid? otherId, CancellationToken ct)
    {
        if (otherId is not { } oid || oid == Guid.Empty)
            throw ValidationFailedException.For("other", "Name the person to merge into this one.");
        if (oid == survivorId)
            throw ValidationFailedException.For("other", "A person cannot be merged with themselves.");
        var survivor = await db.People.FirstOrDefaultAsync(p => p.Id == survivorId, ct) ?? throw new NotFoundException("That person does not exist.");
        var other = await db.People.FirstOrDefaultAsync(p => p.Id == oid, ct) ?? throw new NotFoundException("The person to merge does not exist.");
        if (survivor.IsMerged)
            throw new ConflictException("That person was merged into someone else; merge into the survivor instead.");
        if (other.IsMerged)
            throw new ConflictException("The person to merge was already merged into someone else.");
        if (survivor.IsSuspended)
            throw new ConflictException("That person is suspended; reinstate them before merging anyone into them.");
        var ids = new[] { survivorId, oid };
        var state = new MergeState(survivor, other)
        {
            // Raw rows on purpose, dormant ones included: a merge moves what is stored, not what is in effect.
            Namespaces = await db.Namespaces.Include(n => n.Memberships).Where(n => n.Memberships.Any(m => ids.Contains(m.PersonId))).ToListAsync(ct),
            JoinRequests = await db.JoinRequests.Where(r => ids.Contains(r.PersonId)).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct),
            TierRequests = await db.TierRequests.Where(r => ids.Contains(r.PersonId)).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct),
            Identities = await db.ExternalIdentities.Where(e => e.PersonId == oid).OrderBy(e => e.LinkedAt).ThenBy(e => e.Id).ToListAsync(ct),
            Tokens = await db.PersonalAccessTokens.Where(t => t.PersonId == oid).OrderBy(t => t.Id).ToListAsync(ct),
            Sessions = await db.Sessions.Where(s => s.PersonId == oid && s.RevokedAt == null).OrderBy(s => s.Id).ToListAsync(ct),
            SurvivorPosix = await db.Set<PosixAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.PersonId == survivorId, ct),
            OtherPosix = await db.Set<PosixAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.PersonId == oid, ct),
            SurvivorHasPassword = await db.LocalAccounts.AnyAsync(a => a.PersonId == survivorId, ct),
            OtherHasPassword = await db.LocalAccounts.AnyAsync(a => a.PersonId == oid, ct),
            Notices = await db.Set<PortalNotice>().CountAsync(n => n.PersonId == oid, ct),
        };
        return state;
    }

    private async Task<MergePlan> PlanAsync(Actor actor, MergeState state, CancellationToken ct)
    {
        var (survivor, other) = (state.Survivor, state.Other);
        var memberships = state.Namespaces.Where(n => n.Memberships.Any(m => m.PersonId == other.Id)).OrderBy(n => n.Name, StringComparer.Ordinal).Select(n =>
        {
            var ours = n.Memberships.SingleOrDefault(m => m.PersonId == survivor.Id)?.Role;
            var theirs = n.Memberships.Single(m => m.PersonId == other.Id).Role;
            var result = ours is { } o && o > theirs ? o : theirs;
            return new MergedMembership(n.Name, ours?.ToWire(), theirs.ToWire(), result.ToWire());
        }).ToList();
        var namespaceNames = await db.Namespaces.AsNoTracking().Where(n => state.JoinRequests.Select(r => r.NamespaceId).Contains(n.Id))
            .ToDictionaryAsync(n => n.Id, n => n.Name, ct);
        var requests = new List<MergedRequest>();
        foreach (var r in state.JoinRequests)
        {
            var mine = r.PersonId == survivor.Id;
            var why = r.State != RequestState.Pending ? null : JoinMootReason(state, r);
            requests.Add(new MergedRequest(r.Id, "join", namespaceNames.GetValueOrDefault(r.NamespaceId, "?"), StateName(r.State),
                StateName(why is null ? r.State : RequestState.Cancelled), why ?? (mine ? "already the survivor's" : "moves to the survivor")));
        }
        foreach (var r in state.TierRequests)
        {
            var mine = r.PersonId == survivor.Id;
            var why = r.State != RequestState.Pending ? null : TierMootReason(state, r);
            requests.Add(new MergedRequest(r.Id, "tier", r.RequestedTier.ToWire(), StateName(r.State),
                StateName(why is null ? r.State : RequestState.Cancelled), why ?? (mine ? "already the survivor's" : "moves to the survivor")));
        }
        var conflicts = new List<string>();
        conflicts.AddRange(memberships.Where(m => m.SurvivorRole is not null).Select(m => $"Both are members of {m.Namespace}; the survivor keeps {m.ResultRole}."));
        conflicts.AddRange(requests.Where(r => r.StateBefore != r.StateAfter).Select(r => $"The {r.Kind} request for {r.Subject} is cancelled: {r.Why}."));
        var needsForce = state.SurvivorPosix is not null && state.OtherPosix is not null;
        if (needsForce)
            conflicts.Add($"Both have a POSIX identity: the survivor keeps {Posix(state.SurvivorPosix)}; {Posix(state.OtherPosix)} stays with the merged-away person, recorded in the audit. Needs force.");
        if (state.SurvivorHasPassword && state.OtherHasPassword)
            conflicts.Add("Both have a password account: the survivor keeps theirs; the other can no longer be used.");
        var posixOutcome = (state.SurvivorPosix, state.OtherPosix) switch
        {
            (null, null) => "none",
            (not null, null) => "survivor's kept",
            (null, not null) => "moves to the survivor",
            _ => "survivor's kept; the other's recorded and left with the merged-away person",
        };
        var localOutcome = (state.SurvivorHasPassword, state.OtherHasPassword) switch
        {
            (false, false) => "none",
            (true, false) => "survivor's kept",
            (false, true) => "moves to the survivor",
            _ => "survivor's kept; the other's can no longer sign in",
        };
        var plan = new MergePlan(await people.GetAsync(actor, survivor.Id, ct), await people.GetAsync(actor, other.Id, ct), state.ResultTier.ToWire(),
            memberships, requests, state.Identities.Select(i => new MergedIdentity(i.Id, i.Issuer, i.Subject, i.IdpName)).ToList(),
            Posix(state.SurvivorPosix), Posix(state.OtherPosix), posixOutcome, localOutcome, state.Notices,
            state.Tokens.Count(t => t.RevokedAt is null), state.Sessions.Count, conflicts, needsForce);
        return plan with { ETag = MergePlan.ComputeETag(plan) };
    }

    private static string? Posix(PosixAccount? account) => account is null ? null : $"{account.UserName} (uid {account.Uid})";

    private static string StateName(RequestState state) => state.ToString().ToLowerInvariant();

    /// <summary>Everything the merge reads, loaded once and tracked so the plan and the change agree.</summary>
    private sealed class MergeState(Person survivor, Person other)
    {
        public Person Survivor { get; } = survivor;
        public Person Other { get; } = other;
        /// <summary>The higher tier of the two: the same human, whose roles would otherwise turn dormant.</summary>
        public Tier ResultTier => Survivor.Tier > Other.Tier ? Survivor.Tier : Other.Tier;
        public required List<NereidNamespace> Namespaces { get; init; }
        public required List<JoinRequest> JoinRequests { get; init; }
        public required List<TierRequest> TierRequests { get; init; }
        public required List<ExternalIdentity> Identities { get; init; }
        public required List<Domain.Tokens.PersonalAccessToken> Tokens { get; init; }
        public required List<Session> Sessions { get; init; }
        public PosixAccount? SurvivorPosix { get; init; }
        public PosixAccount? OtherPosix { get; init; }
        public bool SurvivorHasPassword { get; init; }
        public bool OtherHasPassword { get; init; }
        public int Notices { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Merged person {OtherId} into {SurvivorId} (by {ActorId})")]
    private static partial void LogMerged(ILogger logger, Guid otherId, Guid survivorId, Guid actorId);
}
