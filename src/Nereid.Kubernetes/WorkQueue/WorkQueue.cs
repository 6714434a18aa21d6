namespace Nereid.Kubernetes.WorkQueue;

/// <summary>
/// A controller work queue of keys: a key waits at most once (duplicates fold), is handed to one worker at a time
/// (re-added while processing, it runs again after <see cref="Done"/>), can be delayed (<see cref="AddAfter"/>) or
/// backed off per key (<see cref="AddRateLimited"/>, reset by <see cref="Forget"/>). Time comes from the TimeProvider.
/// </summary>
public sealed partial class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Queue<TKey> _queue = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly SemaphoreSlim _available = new(0);
    private readonly TimeProvider _timeProvider;
    private readonly WorkQueueOptions _options;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Timestamps for the queue-wait and work-duration metrics (only kept when metrics are on).
    private readonly Dictionary<TKey, long> _addedAt = [];
    private readonly Dictionary<TKey, long> _startedAt = [];
    private bool _shuttingDown;

    /// <summary>Creates a queue.</summary>
    public WorkQueue(TimeProvider timeProvider, WorkQueueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _options = options ?? new WorkQueueOptions();
        _options.Metrics?.ObserveDepth(() => Count);
    }

    /// <summary>Keys waiting to be handed out (not counting delayed or in-process ones).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>True after <see cref="ShutDown"/>.</summary>
    public bool IsShuttingDown
    {
        get
        {
            lock (_lock)
            {
                return _shuttingDown;
            }
        }
    }

    /// <summary>Queues <paramref name="key"/> unless it is already waiting; ignored after shutdown.</summary>
    public void Add(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            if (_shuttingDown || !_dirty.Add(key))
            {
                return;
            }
            MarkAdded(key);
            if (_processing.Contains(key))
            {
                // Picked up again by Done, so the same key never runs on two workers at once.
                return;
            }
            _queue.Enqueue(key);
        }
        _available.Release();
    }

    /// <summary>Waits for the next key. Returns <c>Shutdown = true</c> once shut down and empty.</summary>
    public async Task<WorkItem<TKey>> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                if (_queue.TryDequeue(out var key))
                {
                    _processing.Add(key);
                    _dirty.Remove(key);
                    MarkStarted(key);
                    return new WorkItem<TKey>(key, false);
                }
                if (_shuttingDown)
                {
                    // Keep the wake-up for the next waiter: every worker must see the shutdown.
                    _available.Release();
                    return new WorkItem<TKey>(default!, true);
                }
            }
        }
    }

    /// <summary>Marks <paramref name="key"/> finished; if it was re-added meanwhile, it is queued again now.</summary>
    public void Done(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var requeued = false;
        lock (_lock)
        {
            _processing.Remove(key);
            MarkDone(key);
            if (_dirty.Contains(key))
            {
                _queue.Enqueue(key);
                requeued = true;
            }
            if (_shuttingDown && _processing.Count == 0)
            {
                _drained.TrySetResult();
            }
        }
        if (requeued)
        {
            _available.Release();
        }
    }

    /// <summary>Stops accepting keys; waiting keys are still handed out, then workers get <c>Shutdown</c>.</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }
            _shuttingDown = true;
            if (_processing.Count == 0)
            {
                _drained.TrySetResult();
            }
            CancelTimers();
        }
        _available.Release();
    }

    /// <summary>Shuts down and waits until every key being processed is <see cref="Done"/>.</summary>
    public Task ShutDownWithDrainAsync(CancellationToken cancellationToken)
    {
        ShutDown();
        return _drained.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ShutDown();
        _options.Metrics?.Dispose();
        _available.Dispose();
    }

    private void MarkAdded(TKey key)
    {
        if (_options.Metrics is { } metrics)
        {
            metrics.Added();
            _addedAt[key] = _timeProvider.GetTimestamp();
        }
    }

    private void MarkStarted(TKey key)
    {
        if (_options.Metrics is { } metrics)
        {
            var now = _timeProvider.GetTimestamp();
            if (_addedAt.Remove(key, out var added))
            {
                metrics.Waited(_timeProvider.GetElapsedTime(added, now));
            }
            _startedAt[key] = now;
        }
    }

    private void MarkDone(TKey key)
    {
        if (_options.Metrics is { } metrics && _startedAt.Remove(key, out var started))
        {
            metrics.Worked(_timeProvider.GetElapsedTime(started));
        }
    }
}
