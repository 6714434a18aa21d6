namespace Nereid.Server.Clusters;

/// <summary>Counters of one cluster's reconciler (benchmarks, tests, the Clusters page). Thread-safe.</summary>
internal sealed class ReconcilerStats
{
    private long _passes;
    private long _applies;
    private long _writes;
    private long _skipped;
    private long _deletes;

    /// <summary>Completed reconcile passes.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>Apply requests that got an answer.</summary>
    public long Applies => Interlocked.Read(ref _applies);

    /// <summary>Applies that created an object or changed its resourceVersion (real writes).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Applies skipped because the informer showed the object exactly as last applied.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Objects deleted.</summary>
    public long Deletes => Interlocked.Read(ref _deletes);

    /// <summary>When the last pass finished; null before the first.</summary>
    public DateTimeOffset? LastPassAt { get; private set; }

    internal void Pass(DateTimeOffset at)
    {
        Interlocked.Increment(ref _passes);
        LastPassAt = at;
    }

    internal void Applied(bool wrote)
    {
        Interlocked.Increment(ref _applies);
        if (wrote)
        {
            Interlocked.Increment(ref _writes);
        }
    }

    internal void Skip() => Interlocked.Increment(ref _skipped);

    internal void Deleted() => Interlocked.Increment(ref _deletes);
}
