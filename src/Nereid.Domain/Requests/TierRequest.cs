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
    public RequestState State { get; set; } = RequestState.Pending;
    public DateTime CreatedAt { get; set; }
    public Guid? DecidedById { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string DecisionReason { get; set; } = "";

    public Person? Person { get; set; }
}
