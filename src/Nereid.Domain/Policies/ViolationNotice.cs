namespace Nereid.Domain.Policies;

/// <summary>One notice about a violation: when, over which channel, to whom, and whether delivery worked.</summary>
public sealed class ViolationNotice
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ViolationId { get; set; }
    /// <summary><c>email</c>, <c>webhook</c> or <c>portal</c> (no channel configured: shown on the violations page only).</summary>
    public string Channel { get; set; } = "";
    /// <summary>Comma-separated email addresses, or the webhook host.</summary>
    public string Recipients { get; set; } = "";
    public DateTime SentAt { get; set; }
    public bool Delivered { get; set; }
    public string? Error { get; set; }
}
