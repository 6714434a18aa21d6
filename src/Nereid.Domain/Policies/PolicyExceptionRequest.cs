namespace Nereid.Domain.Policies;

/// <summary>Where a namespace admin's request for a policy exception stands.</summary>
public enum ExceptionRequestState
{
    /// <summary>Waiting for a platform admin.</summary>
    Pending = 0,
    /// <summary>Approved: the exception was recorded (<see cref="PolicyExceptionRequest.ExceptionId"/>).</summary>
    Approved = 1,
    /// <summary>Denied, with the platform admin's note.</summary>
    Denied = 2,
}

/// <summary>
/// A namespace admin's request that a policy be excepted for their namespace (or one workload in it) for a while, with a
/// reason; a platform admin approves it (which records the <see cref="PolicyException"/>) or denies it, with a note the
/// requester sees beside the decision.
/// </summary>
public sealed class PolicyExceptionRequest
{
    public const int MaxNoteLength = 1000;
    public const int MaxDurationDays = 365;

    public Guid Id { get; private set; } = Guid.NewGuid();
    public string Namespace { get; private set; } = "";
    /// <summary>The pod or workload name; null asks for the whole namespace.</summary>
    public string? PodName { get; private set; }
    public PolicyKind Policy { get; private set; }
    /// <summary>The violation the request was made from, if any.</summary>
    public Guid? ViolationId { get; private set; }
    public string Reason { get; private set; } = "";
    /// <summary>How long the exception should last once approved, counted from the approval.</summary>
    public int DurationDays { get; private set; }
    public Guid RequestedById { get; private set; }
    public string RequestedByName { get; private set; } = "";
    public DateTime RequestedAt { get; private set; }
    public ExceptionRequestState State { get; private set; }
    public Guid? DecidedById { get; private set; }
    public string? DecidedByName { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public string? DecisionNote { get; private set; }
    /// <summary>The exception an approval recorded.</summary>
    public Guid? ExceptionId { get; private set; }

    /// <summary>A new pending request; the caller has checked the input and the requester's right to ask.</summary>
    public static PolicyExceptionRequest Create(string ns, string? podName, PolicyKind policy, Guid? violationId, string reason, int durationDays,
        Guid requestedById, string requestedByName, DateTime now) => new()
    {
        Namespace = ns, PodName = podName, Policy = policy, ViolationId = violationId, Reason = reason, DurationDays = durationDays,
        RequestedById = requestedById, RequestedByName = requestedByName, RequestedAt = now, State = ExceptionRequestState.Pending,
    };

    /// <summary>Approves the request and returns the exception to record, lasting <see cref="DurationDays"/> from now.</summary>
    public PolicyException Approve(Guid deciderId, string deciderName, string? note, DateTime now)
    {
        EnsurePending();
        var exception = new PolicyException
        {
            Namespace = Namespace, PodName = PodName, Policy = Policy, Reason = $"{Reason} (requested by {RequestedByName})",
            ExpiresAt = now.AddDays(DurationDays), CreatedAt = now, GrantedById = deciderId, GrantedByName = deciderName,
        };
        if (exception.Reason.Length > PolicyException.MaxReasonLength)
            exception.Reason = exception.Reason[..PolicyException.MaxReasonLength];
        Decide(ExceptionRequestState.Approved, deciderId, deciderName, note, now);
        ExceptionId = exception.Id;
        return exception;
    }

    /// <summary>Denies the request; the note says why.</summary>
    public void Deny(Guid deciderId, string deciderName, string note, DateTime now)
    {
        EnsurePending();
        Decide(ExceptionRequestState.Denied, deciderId, deciderName, note, now);
    }

    private void Decide(ExceptionRequestState state, Guid deciderId, string deciderName, string? note, DateTime now)
    {
        State = state;
        DecidedById = deciderId;
        DecidedByName = deciderName;
        DecidedAt = now;
        DecisionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
    }

    private void EnsurePending()
    {
        if (State != ExceptionRequestState.Pending)
            throw new Errors.ConflictException($"This request was already {State.ToString().ToLowerInvariant()}.");
    }
}
