namespace Nereid.Kubernetes.Client;

/// <summary>One logical request, re-sent as is on retries (the body bytes are serialized once).</summary>
internal sealed record KubeRequest(
    string Verb,
    HttpMethod Method,
    string PathAndQuery,
    byte[]? Body = null,
    string? ContentType = null,
    bool Retryable = true);
