using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Nereid.Server.Auth;

/// <summary>
/// The per-account-name budget of password attempts (the per-address one is the "login" rate-limit policy): spreading
/// guesses over many addresses still gets <see cref="AuthOptions.LoginAttemptsPerMinute"/> a minute per account name,
/// whether or not that name exists.
/// </summary>
internal sealed class SignInThrottle(IOptions<AuthOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(name =>
        RateLimitPartition.GetFixedWindowLimiter(name, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.LoginAttemptsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>Takes one attempt for <paramref name="userName"/>; when none is left, the seconds until the budget refills.</summary>
    public int? TryAttempt(string? userName)
    {
        var key = (userName ?? "").Trim().ToLowerInvariant();
        using var lease = _limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
            return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
    }

    public void Dispose() => _limiter.Dispose();
}
