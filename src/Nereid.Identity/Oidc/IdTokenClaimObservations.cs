using System.Collections.Concurrent;

namespace Nereid.Identity.Oidc;

/// <summary>The claim names one validated ID token carried, when, and for which client.</summary>
public sealed record ObservedIdTokenClaims(string Issuer, string ClientId, IReadOnlySet<string> ClaimNames, DateTimeOffset SeenAt);

/// <summary>
/// Which claims each issuer's ID tokens actually carry, per client, from the last one this replica validated. Lets the
/// portal warn when the claim a cluster maps to user names (or groups) is missing: many providers put profile claims
/// only in userinfo unless configured otherwise, and the cluster then refuses kubectl without saying why.
/// Names only, never values.
/// </summary>
public sealed class IdTokenClaimObservations
{
    private readonly ConcurrentDictionary<(string Issuer, string ClientId), ObservedIdTokenClaims> _latest = new();

    /// <summary>Records the claim names of a validated ID token issued by <paramref name="issuer"/> to <paramref name="clientId"/>.</summary>
    public void Record(string issuer, string clientId, IEnumerable<string> claimNames, DateTimeOffset seenAt)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(clientId);
        ArgumentNullException.ThrowIfNull(claimNames);
        var key = (issuer.TrimEnd('/'), clientId);
        _latest[key] = new ObservedIdTokenClaims(key.Item1, clientId, claimNames.ToHashSet(StringComparer.Ordinal), seenAt);
    }

    /// <summary>The last observation for this issuer and client; else the most recent for the issuer and any client; else null.</summary>
    public ObservedIdTokenClaims? Find(string issuer, string clientId)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var normalized = issuer.TrimEnd('/');
        return _latest.TryGetValue((normalized, clientId), out var exact)
            ? exact
            : _latest.Values.Where(o => o.Issuer == normalized).OrderByDescending(o => o.SeenAt).FirstOrDefault();
    }
}
