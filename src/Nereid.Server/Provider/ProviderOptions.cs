using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Provider;

/// <summary>Nereid's own OpenID provider, bound from <c>Nereid:Provider</c>.</summary>
internal sealed class ProviderOptions
{
    public const string Section = "Nereid:Provider";

    /// <summary>How long a signing key signs new tokens before the next one takes over. Default 30 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan SigningKeyLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Lifetime of access tokens (short: Kubernetes audiences accept them until they expire). Default 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a rotated refresh token may still be used (a client retrying after a lost answer). Past it, using an old
    /// refresh token revokes the whole chain as a leak. Default 30 seconds; 0 = none.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RefreshTokenReuseLeeway { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Accept plain-http requests (tests and loopback development only). Default false.</summary>
    public bool AllowHttp { get; set; }
}
