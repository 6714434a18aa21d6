namespace Nereid.Kubernetes.Client;

/// <summary>
/// One logical request, re-sent as is on retries (the body bytes are serialized once). <see cref="Accept"/> replaces the
/// client's default <c>application/json</c> (a metadata-only read).
/// </summary>
internal sealed record KubeRequest(
    string Verb,
    HttpMethod Method,
    string PathAndQuery,
    byte[]? Body = null,
    string? ContentType = null,
    bool Retryable = true,
    string? Accept = null);
