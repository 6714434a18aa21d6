using Nereid.Domain.Policies;

namespace Nereid.Server.Policies;

/// <summary>An exception request as the API and page show it: the request, and the decision with its note beside it.</summary>
internal sealed record ExceptionRequestView(Guid Id, string Namespace, string? Pod, string Policy, Guid? ViolationId, string Reason, int DurationDays,
    string RequestedBy, DateTime RequestedAt, string State, string? DecidedBy, DateTime? DecidedAt, string? Note, Guid? ExceptionId)
{
    public static ExceptionRequestView From(PolicyExceptionRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Id, r.Namespace, r.PodName, r.Policy.ToWire(), r.ViolationId, r.Reason, r.DurationDays, r.RequestedByName, r.RequestedAt,
            r.State.ToString().ToLowerInvariant(), r.DecidedByName, r.DecidedAt, r.DecisionNote, r.ExceptionId);
    }
}

/// <summary>Body of POST /api/v1/policy-exception-requests: a violation, or a namespace and policy (and optionally a pod or workload).</summary>
internal sealed record ExceptionRequestInput(Guid? ViolationId, string? Namespace, string? Pod, string? Policy, string? Reason, int? DurationDays);

/// <summary>Body of the approve and deny calls; the note is required to deny.</summary>
internal sealed record DecisionInput(string? Note);
