namespace Nereid.Kubernetes.Informers;

/// <summary>What an <see cref="Informer{T}"/> watches and how it recovers.</summary>
public sealed class InformerOptions
{
    /// <summary>Namespace to watch; null watches all namespaces (or a cluster-scoped kind). Default null.</summary>
    public string? Namespace { get; set; }

    /// <summary>Label selector of the watched objects. Default null (all).</summary>
    public string? LabelSelector { get; set; }

    /// <summary>Field selector of the watched objects. Default null (all).</summary>
    public string? FieldSelector { get; set; }

    /// <summary>Re-deliver every cached object as an update this often; <see cref="TimeSpan.Zero"/> disables. Default 10 min.</summary>
    public TimeSpan ResyncPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Items per list page. Default 500.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>First delay before reconnecting after a failure; doubles up to <see cref="MaxReconnectDelay"/>. Default 200 ms.</summary>
    public TimeSpan MinReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between reconnect attempts. Default 30 s.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);
}
