namespace Nereid.Kubernetes.WorkQueue;

public sealed partial class WorkQueue<TKey>
{
    private readonly Dictionary<TKey, (DateTimeOffset Due, ITimer Timer)> _delayed = [];

    /// <summary>Queues <paramref name="key"/> after <paramref name="delay"/>; an earlier pending delay for it wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }
        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }
            var due = _timeProvider.GetUtcNow() + delay;
            if (_delayed.TryGetValue(key, out var pending))
            {
                if (pending.Due <= due)
                {
                    return;
                }
                pending.Timer.Dispose();
            }
            var timer = _timeProvider.CreateTimer(static s => ((DelayedKey)s!).Fire(), new DelayedKey(this, key, due), delay, Timeout.InfiniteTimeSpan);
            _delayed[key] = (due, timer);
        }
    }

    /// <summary>Queues <paramref name="key"/> after its per-key exponential backoff, and counts the failure.</summary>
    public void AddRateLimited(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int failures;
        lock (_lock)
        {
            failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;
        }
        _options.Metrics?.Retried();
        var exponent = Math.Min(failures, 62);
        var ticks = _options.BaseDelay.Ticks * Math.Pow(2, exponent);
        AddAfter(key, ticks >= _options.MaxDelay.Ticks ? _options.MaxDelay : TimeSpan.FromTicks((long)ticks));
    }

    /// <summary>Resets the backoff of <paramref name="key"/> (call after it succeeded).</summary>
    public void Forget(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            _failures.Remove(key);
        }
    }

    /// <summary>Consecutive rate-limited requeues of <paramref name="key"/> since its last <see cref="Forget"/>.</summary>
    public int NumRequeues(TKey key)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    private void CancelTimers()
    {
        foreach (var (_, pending) in _delayed)
        {
            pending.Timer.Dispose();
        }
        _delayed.Clear();
        _addedAt.Clear();
    }

    private sealed record DelayedKey(WorkQueue<TKey> Queue, TKey Key, DateTimeOffset Due)
    {
        public void Fire()
        {
            lock (Queue._lock)
            {
                // A replaced timer may still fire once; only the current entry counts.
                if (!Queue._delayed.TryGetValue(Key, out var pending) || pending.Due != Due)
                {
                    return;
                }
                Queue._delayed.Remove(Key);
                pending.Timer.Dispose();
            }
            Queue.Add(Key);
        }
    }
}
