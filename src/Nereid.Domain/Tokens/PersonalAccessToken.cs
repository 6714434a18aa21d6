namespace Nereid.Domain.Tokens;

/// <summary>A bearer token for scripts and the CLI. Only a SHA-256 hash is stored; the secret is shown once.</summary>
public sealed class PersonalAccessToken
{
    public const int MaxNameLength = 100;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PersonId { get; set; }
    public string Name { get; set; } = "";
    /// <summary>First characters of the token, shown in lists so people can tell tokens apart.</summary>
    public string Prefix { get; set; } = "";
    public string Hash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    public bool IsActive(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
