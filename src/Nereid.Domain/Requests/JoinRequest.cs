using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;

namespace Nereid.Domain.Requests;

/// <summary>A person asks to join a namespace; that namespace's admins approve or deny with a reason.</summary>
public sealed class JoinRequest
{
    public const int MaxMessageLength = 2000;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid NamespaceId { get; set; }
    public Guid PersonId { get; set; }
    public string Message { get; set; } = "";
    public RequestState State { get; private set; } = RequestState.Pending;
    public DateTime CreatedAt { get; set; }
    public Guid? DecidedById { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public string DecisionReason { get; private set; } = "";

    public Person? Person { get; set; }

    /// <summary>Gives the request, whatever its state, to the survivor of a merge of two people.</summary>
    public void TransferTo(Guid personId) => PersonId = personId;
    public NereidNamespace? Namespace { get; set; }

    /// <summary>Records the decision; only a pending request can be decided.</summary>
    public void Decide(bool approve, Guid deciderId, string reason, DateTime now)
    {
        if (State != RequestState.Pending)
            throw new ConflictException("That join request was already decided.");
        State = approve ? RequestState.Approved : RequestState.Denied;
        DecidedAt = now;
        DecidedById = deciderId;
        DecisionReason = reason;
    }

    /// <summary>The person became a member another way (added directly): the pending request is moot.</summary>
    public void Cancel() => State = RequestState.Cancelled;
}
