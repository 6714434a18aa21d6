namespace Nereid.Domain.People;

/// <summary>Username and password sign-in: the embedded default and the break-glass path when no IdP answers.</summary>
public sealed class LocalAccount
{
    public Guid PersonId { get; set; }
    public string UserName { get; set; } = "";
    public string NormalizedUserName { get; set; } = "";
    /// <summary>Hash from the framework's password hasher; never the password.</summary>
    public string PasswordHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public int FailedAttempts { get; set; }
    public DateTime? LockedUntil { get; set; }
}
