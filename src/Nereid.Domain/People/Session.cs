namespace Nereid.Domain.People;

/// <summary>A server-side browser session. The cookie only carries its id, so logout ends it on every replica.</summary>
public sealed class Session
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PersonId { get; set; }
    /// <summary>The person's security stamp when the session started; a tier change invalidates it.</summary>
    public string SecurityStamp { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    /// <summary>How the person signed in: <c>local</c> or the issuer name.</summary>
    public string Method { get; set; } = "";
}
