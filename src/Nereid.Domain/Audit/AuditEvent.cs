namespace Nereid.Domain.Audit;

/// <summary>One recorded change: who did what to which target, with the state before and after (JSON).</summary>
public sealed class AuditEvent
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public DateTime At { get; set; }
    public Guid? ActorId { get; set; }
    /// <summary>Display name at the time, so the record survives renames.</summary>
    public string ActorName { get; set; } = "";
    /// <summary>Dotted verb such as <c>namespace.create</c> or <c>person.tier</c>.</summary>
    public string Action { get; set; } = "";
    public string TargetType { get; set; } = "";
    public string TargetId { get; set; } = "";
    /// <summary>Namespace the event belongs to, so namespace admins can see their own events.</summary>
    public string? NamespaceName { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}
