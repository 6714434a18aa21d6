namespace Nereid.Domain.People;

/// <summary>
/// A single-use link mailed to a person: a password reset, or the check that a new email address is theirs.
/// Only a hash of the secret in the link is stored, so a copy of the database cannot be used to take over accounts.
/// </summary>
public sealed class AccountLink
{
    public const string PasswordReset = "password-reset";
    public const string EmailChange = "email-change";

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PersonId { get; set; }
    /// <summary><see cref="PasswordReset"/> or <see cref="EmailChange"/>.</summary>
    public string Purpose { get; set; } = "";
    /// <summary>SHA-256 of the secret in the link, lower-case hex.</summary>
    public string SecretHash { get; set; } = "";
    /// <summary>For <see cref="EmailChange"/>: the address the link was sent to, set on the person once used.</summary>
    public string? NewEmail { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }

    /// <summary>Whether the link still works at <paramref name="now"/>: not used, not expired.</summary>
    public bool IsUsable(DateTime now) => UsedAt is null && ExpiresAt > now;

    /// <summary>Spends the link; it never works again.</summary>
    public void Use(DateTime now) => UsedAt = now;
}
