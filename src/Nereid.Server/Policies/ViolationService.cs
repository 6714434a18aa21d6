using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Domain.Policies;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Policies;

/// <summary>
/// Reads violations and manages exceptions with the visibility rules: a person sees their own violations and those of the
/// namespaces they hold a role in (member or admin, effective memberships only: a guest's rows are dormant), platform
/// admins everything. Only platform admins grant or revoke exceptions.
/// </summary>
internal sealed class ViolationService(NereidDbContext db, AuditLog audit, TimeProvider time, Microsoft.Extensions.Options.IOptions<PolicyOptions> options)
{
    public async Task<IReadOnlyList<ViolationView>> ListAsync(Actor actor, string? ns, string? state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var query = Visible(actor);
        if (!string.IsNullOrWhiteSpace(ns))
            query = query.Where(v => v.Namespace == ns);
        query = state?.Trim().ToLowerInvariant() switch
        {
            null or "" => query,
            "open" => query.Where(v => v.ResolvedAt == null),
            "resolved" => query.Where(v => v.ResolvedAt != null),
            _ => throw ValidationFailedException.For("state", "state is open or resolved."),
        };
        var rows = await query.OrderByDescending(v => v.LastSeenAt).Take(1000).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        return rows.Select(v => ViolationView.From(v, ViolationWords.For(v, options.Value, now))).ToList();
    }

    public async Task<ViolationDetail> GetAsync(Actor actor, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var v = await Visible(actor).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException($"Violation {id} does not exist.");
        var notices = await db.Set<ViolationNotice>().Where(n => n.ViolationId == id).OrderBy(n => n.SentAt)
            .Select(n => new NoticeView(n.Channel, n.Recipients, n.SentAt, n.Delivered, n.Error)).ToListAsync(ct);
        return new ViolationDetail(ViolationView.From(v, ViolationWords.For(v, options.Value, time.GetUtcNow().UtcDateTime)), notices);
    }

    public async Task<IReadOnlyList<PolicyExceptionView>> ListExceptionsAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var query = db.Set<PolicyException>().AsQueryable();
        if (!actor.IsPlatformAdmin)
        {
            var admin = AdminNamespaces(actor);
            query = query.Where(e => admin.Contains(e.Namespace));
        }
        var now = time.GetUtcNow().UtcDateTime;
        var rows = await query.OrderBy(e => e.Namespace).ThenBy(e => e.ExpiresAt).ToListAsync(ct);
        return rows.Select(e => PolicyExceptionView.From(e, now)).ToList();
    }

    public async Task<PolicyExceptionView> CreateExceptionAsync(Actor actor, PolicyExceptionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        if (!actor.IsPlatformAdmin)
            throw new ForbiddenException("Only platform admins grant policy exceptions.");
        var now = time.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.Namespace) || NamespaceName.Check(input.Namespace.Trim()) is not null)
            errors["namespace"] = ["namespace must be a valid namespace name."];
        if (!PolicyKindNames.TryParse(input.Policy, out var policy))
            errors["policy"] = [$"'{input.Policy}' is not a policy."];
        if (string.IsNullOrWhiteSpace(input.Reason) || input.Reason.Length > PolicyException.MaxReasonLength)
            errors["reason"] = [$"reason is required, at most {PolicyException.MaxReasonLength} characters."];
        if (input.ExpiresAt is not { } expires || expires.ToUniversalTime() <= now || expires.ToUniversalTime() > now.AddYears(1))
            errors["expiresAt"] = ["expiresAt must be in the future and within a year."];
        if (input.Pod is { Length: > 253 })
            errors["pod"] = ["pod is at most 253 characters."];
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        var row = new PolicyException
        {
            Namespace = input.Namespace!.Trim(), PodName = string.IsNullOrWhiteSpace(input.Pod) ? null : input.Pod.Trim(), Policy = policy,
            Reason = input.Reason!.Trim(), ExpiresAt = input.ExpiresAt!.Value.ToUniversalTime(), CreatedAt = now,
            GrantedById = actor.PersonId, GrantedByName = actor.DisplayName,
        };
        db.Set<PolicyException>().Add(row);
        var view = PolicyExceptionView.From(row, now);
        audit.Record(actor, "policy-exception.create", "policy-exception", row.Id.ToString(), row.Namespace, after: view);
        await db.SaveChangesAsync(ct);
        return view;
    }

    public async Task DeleteExceptionAsync(Actor actor, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsPlatformAdmin)
            throw new ForbiddenException("Only platform admins revoke policy exceptions.");
        var row = await db.Set<PolicyException>().FirstOrDefaultAsync(e => e.Id == id, ct)
            ?? throw new NotFoundException($"Policy exception {id} does not exist.");
        db.Set<PolicyException>().Remove(row);
        audit.Record(actor, "policy-exception.delete", "policy-exception", row.Id.ToString(), row.Namespace,
            before: PolicyExceptionView.From(row, time.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
    }

    private IQueryable<Violation> Visible(Actor actor)
    {
        var all = db.Set<Violation>().AsNoTracking();
        if (actor.IsPlatformAdmin)
            return all;
        var me = actor.PersonId;
        // Members see their namespaces' violations too: the notice links them here, and they are often the ones to fix it.
        var mine = db.EffectiveMembershipsOf(me).Select(m => m.Namespace!.Name);
        return all.Where(v => v.OwnerId == me || mine.Contains(v.Namespace));
    }

    private IQueryable<string> AdminNamespaces(Actor actor) =>
        db.AdministeredNamespaces(actor.PersonId);
}
