namespace Nereid.Kubernetes.Tests.Support;

/// <summary>A manual clock: time moves only on <see cref="Advance"/>, which fires due timers.</summary>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<FakeTimer> _timers = [];
    private readonly List<TimeSpan> _requested = [];
    private DateTimeOffset _now = start;

    public FakeTimeProvider()
        : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Every due time asked for so far, in order.</summary>
    public IReadOnlyList<TimeSpan> RequestedDelays
    {
        get
        {
            lock (_lock)
            {
                return [.. _requested];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + by;
        }
        while (true)
        {
            FakeTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.Due <= target).OrderBy(t => t.Due).FirstOrDefault();
                if (next is null)
                {
                    _now = target;
                    return;
                }
                _now = next.Due > _now ? next.Due : _now;
                if (next.Period > TimeSpan.Zero)
                {
                    next.Due = _now + next.Period;
                }
                else
                {
                    _timers.Remove(next);
                }
            }
            next.Fire();
        }
    }

    /// <summary>Waits (in real time, as synchronisation only) until a timer matching <paramref name="match"/> is pending.</summary>
    public async Task WaitForTimerAsync(Func<TimeSpan, bool> match)
    {
        for (var i = 0; i < 5000; i++)
        {
            lock (_lock)
            {
                if (_timers.Any(t => match(t.Due - _now)))
                {
                    return;
                }
            }
            await Task.Delay(1);
        }
        throw new TimeoutException("No matching timer was scheduled.");
    }

    /// <summary>Waits (in real time, as synchronisation only) until no timer matching <paramref name="match"/> is pending.</summary>
    public async Task WaitForNoTimerAsync(Func<TimeSpan, bool> match)
    {
        for (var i = 0; i < 5000; i++)
        {
            lock (_lock)
            {
                if (!_timers.Any(t => match(t.Due - _now)))
                {
                    return;
                }
            }
            await Task.Delay(1);
        }
        lock (_lock)
        {
            throw new TimeoutException("A matching timer stayed scheduled: " + string.Join(", ", _timers.Select(t => t.Due - _now)));
        }
    }

    private void Schedule(FakeTimer timer, TimeSpan due, TimeSpan period)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
            if (due == Timeout.InfiniteTimeSpan)
            {
                return;
            }
            _requested.Add(due);
            timer.Due = _now + due;
            timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            _timers.Add(timer);
        }
    }

    private void Remove(FakeTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }
        public TimeSpan Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
