using System.Collections.Concurrent;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.Federation;

/// <summary>
/// The TokenRequest tokens the federation holds, one per (target cluster, namespace, ServiceAccount). A pass reuses the
/// held token until it is due (<see cref="IssuedToken.NeedsRotation"/>), so the kubeconfig Secret built from it stays
/// byte-identical and a steady resync writes nothing; past 80% of its lifetime a new one is requested, well before the
/// old one stops authenticating.
/// </summary>
internal sealed class FederationTokens(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, IssuedToken> _held = new(StringComparer.Ordinal);

    /// <summary>
    /// The token for <paramref name="serviceAccount"/> in <paramref name="ns"/> on <paramref name="cluster"/>, asking
    /// <paramref name="request"/> for a new one when none is held or the held one is due.
    /// </summary>
    public async Task<IssuedToken> GetAsync(string cluster, string ns, string serviceAccount,
        Func<CancellationToken, Task<TokenRequestStatus>> request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = Key(cluster, ns, serviceAccount);
        var now = time.GetUtcNow();
        if (_held.TryGetValue(key, out var held) && !held.NeedsRotation(now))
        {
            return held;
        }
        var answer = await request(ct).ConfigureAwait(false);
        // A server that does not say when the token expires is treated as granting the default hour, the API's default.
        var issued = new IssuedToken(answer.Token!, now, answer.ExpirationTimestamp ?? now.AddHours(1));
        _held[key] = issued;
        return issued;
    }

    /// <summary>
    /// Takes over <paramref name="token"/>, read back from a Secret this controller wrote before (a restart, a new
    /// leader), when no token is held for the key: the Secret then stays byte-identical until the token is due.
    /// </summary>
    public void Adopt(string cluster, string ns, string serviceAccount, IssuedToken token) =>
        _held.TryAdd(Key(cluster, ns, serviceAccount), token);

    /// <summary>The token held for the key, or null.</summary>
    public IssuedToken? Held(string cluster, string ns, string serviceAccount) => _held.GetValueOrDefault(Key(cluster, ns, serviceAccount));

    /// <summary>Forgets the token (the namespace was un-federated or the target left), so nothing outlives its objects.</summary>
    public void Forget(string cluster, string ns, string serviceAccount) => _held.TryRemove(Key(cluster, ns, serviceAccount), out _);

    /// <summary>How many tokens are held.</summary>
    public int Count => _held.Count;

    private static string Key(string cluster, string ns, string serviceAccount) => $"{cluster}/{ns}/{serviceAccount}";
}
