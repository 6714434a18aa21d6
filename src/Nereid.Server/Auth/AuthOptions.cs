using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Auth;

/// <summary>Sign-in and session settings. Section <c>Nereid:Auth</c>.</summary>
internal sealed class AuthOptions
{
    public const string Section = "Nereid:Auth";

    /// <summary>How long a browser session lasts. Default: 12 hours.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a replica may trust a session or token it checked without asking the database again.
    /// Logout and tier changes on the same replica apply at once. Default: 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ValidationCacheTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether people may create local accounts themselves (they start as guests). Default: true.</summary>
    public bool AllowLocalSignUp { get; set; } = true;

    /// <summary>Password sign-in attempts (POSTs) allowed per client address per minute, and again per account name. Default: 10.</summary>
    [Range(1, 10_000)]
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>Sign-up attempts (POSTs) allowed per client address per minute, a budget apart from sign-in. Default: 5.</summary>
    [Range(1, 10_000)]
    public int RegistrationAttemptsPerMinute { get; set; } = 5;

    /// <summary>Failed passwords in a row before an account is locked for <see cref="LockoutDuration"/>. Default: 5.</summary>
    [Range(1, 100)]
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a local account stays locked after too many failures. Default: 5 minutes.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Password of the first platform admin (<c>admin</c>), created when no platform admin exists.
    /// Default: empty, which generates a one-time secret printed to the console and written to the data directory.</summary>
    public string BootstrapAdminPassword { get; set; } = "";

    /// <summary>Minimum length of local passwords. Default: 10.</summary>
    [Range(8, 128)]
    public int MinPasswordLength { get; set; } = 10;
}
