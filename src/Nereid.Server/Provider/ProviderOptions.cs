using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Provider;

/// <summary>Nereid's own OpenID provider, bound from <c>Nereid:Provider</c>.</summary>
internal sealed class ProviderOptions : IValidatableObject
{
    public const string Section = "Nereid:Provider";

    /// <summary>How long a key signs new tokens before the next one takes over. Default 30 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan KeyRotationInterval { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long before it starts signing the next key is created and published. Default 2 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan KeyRotationLeadTime { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often every replica re-reads the keys from the database (it also does at each promotion and expiry). Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan KeyRotationRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Extra time an old key stays published after its last token expired (clocks of resource servers). Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan KeyRotationClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Lifetime of access tokens (short: Kubernetes audiences accept them until they expire). Default 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Lifetime of ID tokens (what <c>nereid auth token</c> hands kubectl). Default 20 minutes.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan IdentityTokenLifetime { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>Lifetime of refresh tokens; an old key is published (and accepted) until the last one it protected expires. Default 14 days.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "90.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// How long a rotated refresh token may still be used (a client retrying after a lost answer). Past it, using an old
    /// refresh token revokes the whole chain as a leak. Default 30 seconds; 0 = none.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RefreshTokenReuseLeeway { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Accept plain-http requests (tests and loopback development only). Default false.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>The longest lifetime of any token; a client's own access-token lifetime may not exceed it.</summary>
    public TimeSpan LongestTokenLifetime => new[] { AccessTokenLifetime, IdentityTokenLifetime, RefreshTokenLifetime }.Max();

    /// <summary>How long a key stays published after it stops signing: the longest token lifetime plus the clock skew.</summary>
    public TimeSpan KeyRetention => LongestTokenLifetime + KeyRotationClockSkew;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (KeyRotationLeadTime >= KeyRotationInterval)
        {
            yield return new ValidationResult("KeyRotationLeadTime must be shorter than KeyRotationInterval.", [nameof(KeyRotationLeadTime)]);
        }
        // Every replica must have read the next key (and published it) before it starts signing.
        if (KeyRotationRefreshInterval * 2 > KeyRotationLeadTime)
        {
            yield return new ValidationResult("KeyRotationRefreshInterval must be at most half of KeyRotationLeadTime.", [nameof(KeyRotationRefreshInterval)]);
        }
    }
}
