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
    /// <summary>
    /// The upstream provider's ID token from this sign-in, sent back as <c>id_token_hint</c> when the person signs out so
    /// the provider can end its own session too (null for local sign-in).
    /// </summary>
    public string? UpstreamIdToken { get; set; }
}
