using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Domain.Policies;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using Nereid.Server.Namespaces;
using Nereid.Server.Notices;

namespace Nereid.Server.Policies;

/// <summary>
/// Exception requests: a namespace admin asks for a policy exception in their namespace (from a violation or for a policy)
/// with a reason and a duration; a platform admin approves (recording the exception as an admin-granted one is recorded)
/// or denies with a note. Each step is audited in the same unit of work, and the requester gets a portal notice of the decision.
/// Requests are seen by their requester, the admins of their namespace and platform admins.
/// </summary>
internal sealed class ExceptionRequestService(NereidDbContext db, AuditLog audit, PortalNotices notices, TimeProvider time)
{
    public async Task<ExceptionRequestView> CreateAsync(Actor actor, ExceptionRequestInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>();
        string? ns = input.Namespace?.Trim();
        string? pod = string.IsNullOrWhiteSpace(input.Pod) ? null : input.Pod.Trim();
        PolicyKind policy = default;
        Violation? violation = null;
        if (input.ViolationId is { } violationId)
        {
            violation = await db.Set<Violation>().AsNoTracking().FirstOrDefaultAsync(v => v.Id == violationId, ct);
            if (violation is null || !await db.IsNamespaceAdminAsync(actor, violation.Namespace, ct))
                throw new NotFoundException($"Violation {violationId} does not exist or is not in a namespace you administer.");
            ns = violation.Namespace;
            pod ??= violation.WorkloadName;
            policy = violation.Policy;
        }
        else
        {
            if (string.IsNullOrWhiteSpace(ns) || NamespaceName.Check(ns) is not null)
                errors["namespace"] = ["namespace must be a valid namespace name (or give violationId)."];
            if (!PolicyKindNames.TryParse(input.Policy, out policy))
                errors["policy"] = [$"'{input.Policy}' is not a policy; use one of {string.Join(", ", Enum.GetValues<PolicyKind>().Select(p => p.ToWire()))}."];
        }
        if (string.IsNullOrWhiteSpace(input.Reason) || input.Reason.Trim().Length > PolicyException.MaxReasonLength - 100)
            errors["reason"] = [$"reason is required, at most {PolicyException.MaxReasonLength - 100} characters: say why the workload must break the policy."];
        if (input.DurationDays is not (>= 1 and <= PolicyExceptionRequest.MaxDurationDays))
            errors["durationDays"] = [$"durationDays is a whole number of days from 1 to {PolicyExceptionRequest.MaxDurationDays}."];
        if (pod is { Length: > 253 })
            errors["pod"] = ["pod is at most 253 characters."];
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        if (violation is null)
        {
            if (!await db.Namespaces.AnyAsync(n => n.Name == ns, ct))
                throw new NotFoundException($"Namespace {ns} does not exist.");
            if (!await db.IsNamespaceAdminAsync(actor, ns!, ct))
                throw new ForbiddenException($"Only admins of {ns} request exceptions for it.");
        }
        var row = PolicyExceptionRequest.Create(ns!, pod, policy, violation?.Id, input.Reason!.Trim(), input.DurationDays!.Value, actor.PersonId, actor.DisplayName,
            time.GetUtcNow().UtcDateTime);
        db.Set<PolicyExceptionRequest>().Add(row);
        var view = ExceptionRequestView.From(row);
        audit.Record(actor, "policy-exception-request.create", "policy-exception-request", row.Id.ToString(), row.Namespace, after: view);
        await db.SaveChangesAsync(ct);
        return view;
    }

    public async Task<IReadOnlyList<ExceptionRequestView>> ListAsync(Actor actor, string? state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var query = Visible(actor);
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (!Enum.TryParse<ExceptionRequestState>(state.Trim(), ignoreCase: true, out var s) || !Enum.IsDefined(s))
                throw ValidationFailedException.For("state", "state is pending, approved or denied.");
            query = query.Where(r => r.State == s);
        }
        var rows = await query.OrderByDescending(r => r.RequestedAt).Take(500).ToListAsync(ct);
        return rows.Select(ExceptionRequestView.From).ToList();
    }

    public async Task<ExceptionRequestView> GetAsync(Actor actor, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var row = await Visible(actor).FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException($"Exception request {id} does not exist.");
        return ExceptionRequestView.From(row);
    }

    /// <summary>Approves: records the exception and the decision, both audited, as one save.</summary>
    public async Task<ExceptionRequestView> ApproveAsync(Actor actor, Guid id, DecisionInput input, CancellationToken ct)
    {
        var (row, note) = await ForDecisionAsync(actor, id, input, noteRequired: false, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var exception = row.Approve(actor.PersonId, actor.DisplayName, note, now);
        db.Set<PolicyException>().Add(exception);
        audit.Record(actor, "policy-exception.create", "policy-exception", exception.Id.ToString(), exception.Namespace,
            after: PolicyExceptionView.From(exception, now));
        return await DecidedAsync(actor, row, "approve", ct);
    }

    /// <summary>Denies with a note the requester reads beside the decision.</summary>
    public async Task<ExceptionRequestView> DenyAsync(Actor actor, Guid id, DecisionInput input, CancellationToken ct)
    {
        var (row, note) = await ForDecisionAsync(actor, id, input, noteRequired: true, ct);
        row.Deny(actor.PersonId, actor.DisplayName, note!, time.GetUtcNow().UtcDateTime);
        return await DecidedAsync(actor, row, "deny", ct);
    }

    private async Task<(PolicyExceptionRequest Row, string? Note)> ForDecisionAsync(Actor actor, Guid id, DecisionInput input, bool noteRequired, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        if (!actor.IsPlatformAdmin)
            throw new ForbiddenException("Only platform admins decide exception requests.");
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        if (noteRequired && note is null)
            throw ValidationFailedException.For("note", "note is required when denying: say why, so the requester can act on it.");
        if (note is { Length: > PolicyExceptionRequest.MaxNoteLength })
            throw ValidationFailedException.For("note", $"note is at most {PolicyExceptionRequest.MaxNoteLength} characters.");
        var row = await db.Set<PolicyExceptionRequest>().FirstOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new NotFoundException($"Exception request {id} does not exist.");
        return (row, note);
    }

    private async Task<ExceptionRequestView> DecidedAsync(Actor actor, PolicyExceptionRequest row, string verb, CancellationToken ct)
    {
        var view = ExceptionRequestView.From(row);
        audit.Record(actor, $"policy-exception-request.{verb}", "policy-exception-request", row.Id.ToString(), row.Namespace, after: view);
        var decided = row.State == ExceptionRequestState.Approved ? "approved" : "denied";
        notices.Add(row.RequestedById, $"Exception request for {row.Policy.ToWire()} in {row.Namespace} {decided}",
            row.DecisionNote is null ? null : $"{row.DecidedByName}: {row.DecisionNote}", "/violations/requests");
        await db.SaveChangesAsync(ct);
        return view;
    }

    private IQueryable<PolicyExceptionRequest> Visible(Actor actor)
    {
        var all = db.Set<PolicyExceptionRequest>().AsNoTracking();
        if (actor.IsPlatformAdmin)
            return all;
        var admin = db.AdministeredNamespaces(actor.PersonId);
        var me = actor.PersonId;
        return all.Where(r => r.RequestedById == me || admin.Contains(r.Namespace));
    }
}
