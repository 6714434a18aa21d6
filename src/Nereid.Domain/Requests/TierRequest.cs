using Nereid.Domain.Errors;
using Nereid.Domain.People;

namespace Nereid.Domain.Requests;

/// <summary>A person asks for a higher tier; platform admins approve or deny with a reason.</summary>
public sealed class TierRequest
{
    public const int MaxReasonLength = 2000;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PersonId { get; set; }
    public Tier RequestedTier { get; set; }
    public string Reason { get; set; } = "";
    public RequestState State { get; private set; } = RequestState.Pending;
    public DateTime CreatedAt { get; set; }
    public Guid? DecidedById { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public string DecisionReason { get; private set; } = "";

    public Person? Person { get; set; }

    /// <summary>Gives the request, whatever its state, to the survivor of a merge of two people.</summary>
    public void TransferTo(Guid personId) => PersonId = personId;

    /// <summary>The requester takes the request back; only a pending one.</summary>
    public void Cancel()
    {
        if (State != RequestState.Pending)
            throw new ConflictException("That tier request was already decided.");
        State = RequestState.Cancelled;
    }

    /// <summary>Records the decision; only a pending request can be decided.</summary>
    public void Decide(bool approve, Guid deciderId, string reason, DateTime now)
    {
        if (State != RequestState.Pending)
            throw new ConflictException("That tier request was already decided.");
        State = approve ? RequestState.Approved : RequestState.Denied;
        DecidedAt = now;
        DecidedById = deciderId;
        DecisionReason = reason;
    }
}
