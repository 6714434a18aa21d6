using System.Collections.Concurrent;
using System.Security.Cryptography;
using Nereid.KubeDouble.Rbac;

namespace Nereid.KubeDouble.Auth;

/// <summary>
/// Tokens issued through the TokenRequest subresource (<c>serviceaccounts/{name}/token</c>): each authenticates as
/// <c>system:serviceaccount:{ns}:{name}</c> until it expires, while the very ServiceAccount it was issued for (same
/// uid) exists, and only when its audiences include the API server's own — as the apiserver's service-account
/// token authenticator does.
/// </summary>
public sealed class ServiceAccountTokens
{
    /// <summary>The audience the double's API accepts (a kubeadm cluster's default <c>--api-audiences</c>).</summary>
    public const string ApiAudience = "https://kubernetes.default.svc.cluster.local";

    private readonly ConcurrentDictionary<string, Issued> _issued = new(StringComparer.Ordinal);

    /// <summary>A new token for the ServiceAccount <paramref name="ns"/>/<paramref name="name"/> (uid <paramref name="uid"/>).</summary>
    public string Issue(string ns, string name, string uid, IReadOnlyList<string> audiences, DateTimeOffset expiresAt)
    {
        var token = "kdsa." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _issued[token] = new Issued(ns, name, uid, audiences, expiresAt);
        return token;
    }

    /// <summary>
    /// The user <paramref name="token"/> stands for, or null when it is not one of these tokens; throws nothing:
    /// <paramref name="currentUid"/> says which uid the ServiceAccount has now (null when it is gone).
    /// </summary>
    public (UserInfo? User, bool Known) Authenticate(string token, DateTimeOffset now, Func<string, string, string?> currentUid)
    {
        if (!_issued.TryGetValue(token, out var issued))
        {
            return (null, false);
        }
        if (now >= issued.ExpiresAt || currentUid(issued.Namespace, issued.Name) != issued.Uid || !issued.Audiences.Contains(ApiAudience))
        {
            return (null, true);
        }
        return (new UserInfo($"system:serviceaccount:{issued.Namespace}:{issued.Name}",
            ["system:serviceaccounts", $"system:serviceaccounts:{issued.Namespace}", "system:authenticated"]), true);
    }

    private sealed record Issued(string Namespace, string Name, string Uid, IReadOnlyList<string> Audiences, DateTimeOffset ExpiresAt);
}
