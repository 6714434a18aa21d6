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
    public RequestState State { get; set; } = RequestState.Pending;
    public DateTime CreatedAt { get; set; }
    public Guid? DecidedById { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string DecisionReason { get; set; } = "";

    public Person? Person { get; set; }
    public NereidNamespace? Namespace { get; set; }
}
