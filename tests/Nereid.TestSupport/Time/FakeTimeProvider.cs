namespace Nereid.TestSupport.Time;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when a test says so. Timers created through
/// <see cref="CreateTimer"/> (and so <c>Task.Delay(…, timeProvider)</c>, <c>PeriodicTimer</c>, token timeouts)
/// fire during <see cref="Advance"/>, in due-time order, on the calling thread.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    /// <summary>The default start instant: 2025-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _utcNow;
    private long _sequence;

    /// <summary>Creates a clock at <see cref="DefaultStart"/>.</summary>
    public FakeTimeProvider()
        : this(DefaultStart)
    {
    }

    /// <summary>Creates a clock at <paramref name="start"/>.</summary>
    public FakeTimeProvider(DateTimeOffset start) => _utcNow = start.ToUniversalTime();

    /// <summary>
    /// The current instant. Setting a later value is the same as <see cref="Advance"/> (timers fire);
    /// setting an earlier one moves the clock back without firing anything.
    /// </summary>
    public DateTimeOffset UtcNow
    {
        get => GetUtcNow();
        set
        {
            var delta = value.ToUniversalTime() - GetUtcNow();
            if (delta >= TimeSpan.Zero)
            {
                Advance(delta);
                return;
            }

            lock (_lock)
            {
                _utcNow = value.ToUniversalTime();
            }
        }
    }

    /// <summary>Number of timers currently armed; handy to wait until code under test has scheduled its delay.</summary>
    public int ActiveTimerCount
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count(t => t.DueTicks is not null);
            }
        }
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _utcNow;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>
    /// Moves the clock forward by <paramref name="delta"/>, firing every timer that falls due on the way,
    /// earliest first (ties in creation/arming order). The clock reads each timer's due instant while its callback runs.
    /// </summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        long target;
        lock (_lock)
        {
            target = _utcNow.UtcTicks + delta.Ticks;
        }

        while (TryTakeNextDue(target, out var timer))
        {
            // Callbacks run outside the lock: they commonly re-arm timers or read the clock.
            timer.Fire();
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new FakeTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    internal void Schedule(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            timer.DueTicks = dueTime == Timeout.InfiniteTimeSpan ? null : _utcNow.UtcTicks + dueTime.Ticks;
            timer.Sequence = ++_sequence;
        }
    }

    internal void Remove(FakeTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
            timer.DueTicks = null;
        }
    }

    private bool TryTakeNextDue(long targetTicks, out FakeTimer timer)
    {
        lock (_lock)
        {
            FakeTimer? next = null;
            foreach (var candidate in _timers)
            {
                if (candidate.DueTicks is { } due && due <= targetTicks
                    && (next is null || due < next.DueTicks || (due == next.DueTicks && candidate.Sequence < next.Sequence)))
                {
                    next = candidate;
                }
            }

            if (next is null)
            {
                _utcNow = new DateTimeOffset(Math.Max(_utcNow.UtcTicks, targetTicks), TimeSpan.Zero);
                timer = null!;
                return false;
            }

            _utcNow = new DateTimeOffset(Math.Max(_utcNow.UtcTicks, next.DueTicks!.Value), TimeSpan.Zero);
            next.DueTicks = next.Period > TimeSpan.Zero ? next.DueTicks + next.Period.Ticks : null;
            next.Sequence = ++_sequence;
            timer = next;
            return true;
        }
    }
}
