namespace Nereid.Kubernetes.Models;

/// <summary>
/// An authentication.k8s.io/v1 TokenRequest, posted to <c>serviceaccounts/{name}/token</c>: a short-lived, audience-bound
/// token for the ServiceAccount. Create-only.
/// </summary>
internal sealed class TokenRequest() : KubeObject("authentication.k8s.io/v1", "TokenRequest")
{
    public TokenRequestSpec? Spec { get; set; }
    public TokenRequestStatus? Status { get; set; }
}

/// <summary>Audiences (empty: the API server's own) and the requested lifetime, which the server may shorten.</summary>
internal sealed class TokenRequestSpec
{
    public List<string>? Audiences { get; set; }
    public long? ExpirationSeconds { get; set; }
}

/// <summary>The issued token and when it stops authenticating.</summary>
public sealed class TokenRequestStatus
{
    public string? Token { get; set; }
    public DateTimeOffset? ExpirationTimestamp { get; set; }
}
