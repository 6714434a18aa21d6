using System.ComponentModel.DataAnnotations;

namespace Nereid.Kubernetes.Client;

/// <summary>Tuning of <see cref="KubeClient"/>: timeouts, retries, concurrency and identity.</summary>
public sealed class KubernetesClientOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kubernetes:Client";

    /// <summary>Timeout of one attempt of a non-watch request, body included. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout to open a TCP/TLS connection. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Total attempts for a retryable request (1 = no retry). Default 5.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First backoff delay; doubles each retry, with full jitter. Default 100 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cap of one backoff delay, also of a server's <c>Retry-After</c>. Default 10 s.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Requests in flight at once (watches excluded: they are long-lived and would starve everything else).
    /// Callers beyond the limit wait. Default 32.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxConcurrentRequests { get; set; } = 32;

    /// <summary>
    /// Use HTTP/2 when the server offers it (as kube-apiserver and client-go do): requests and watches share a few
    /// multiplexed connections. False forces HTTP/1.1, one connection per request in flight and per watch. Default true.
    /// </summary>
    public bool PreferHttp2 { get; set; } = true;

    /// <summary>
    /// Connections per server kept by the socket pool (with HTTP/1.1 each watch holds one, so leave room above
    /// <see cref="MaxConcurrentRequests"/>). Default 32.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxConnectionsPerServer { get; set; } = 32;

    /// <summary>User-Agent header. Default <c>nereid/&lt;assembly version&gt;</c>.</summary>
    public string UserAgent { get; set; } = "nereid/" + (typeof(KubernetesClientOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    /// <summary>Server-side <c>timeoutSeconds</c> asked for watches; streams end then and are resumed. Default 5 min.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
