namespace Nereid.Server.Federation;

/// <summary>
/// A TokenRequest token Nereid holds for a source's ServiceAccount on a target cluster, with the lifetime the API
/// server granted (it may shorten the requested one).
/// </summary>
internal sealed record IssuedToken(string Token, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>Share of the lifetime after which a new token is requested (the kubelet's projected tokens use 80%).</summary>
    public const double RenewAtFraction = 0.8;

    /// <summary>
    /// True when a replacement is due at <paramref name="now"/>: after <see cref="RenewAtFraction"/> of the lifetime, so
    /// the Secret carries the new token well before the old one stops authenticating.
    /// </summary>
    public bool NeedsRotation(DateTimeOffset now) =>
        now >= IssuedAt + TimeSpan.FromTicks((long)((ExpiresAt - IssuedAt).Ticks * RenewAtFraction));
}
