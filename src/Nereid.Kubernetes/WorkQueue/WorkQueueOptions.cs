namespace Nereid.Kubernetes.WorkQueue;

/// <summary>Per-key retry backoff of a <see cref="WorkQueue{TKey}"/>, and where it reports its metrics.</summary>
public sealed class WorkQueueOptions
{
    /// <summary>Delay of the first rate-limited requeue; doubles per consecutive failure. Default 5 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Longest rate-limited delay. Default 1000 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(1000);

    /// <summary>Depth, adds, waits, work time and retries go here (the queue disposes it). Default null: no metrics.</summary>
    public ControllerMetrics? Metrics { get; set; }
}

/// <summary>What <see cref="WorkQueue{TKey}.GetAsync"/> hands out: a key, or the news that the queue shut down.</summary>
/// <param name="Key">The key to process (default when <paramref name="Shutdown"/>).</param>
/// <param name="Shutdown">True when the queue is shut down and empty: the worker should stop.</param>
public readonly record struct WorkItem<TKey>(TKey Key, bool Shutdown);
