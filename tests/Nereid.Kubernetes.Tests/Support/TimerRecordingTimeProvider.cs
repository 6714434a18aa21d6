using Microsoft.Extensions.Time.Testing;

namespace Nereid.Kubernetes.Tests.Support;

/// <summary>
/// The package's <see cref="FakeTimeProvider"/> (time moves only on Advance, which fires due timers), plus a record of the
/// timers code under test asks for: the package keeps its pending timers private, and these tests must wait until the code
/// has scheduled its delay before they advance the clock, and check which delays it asked for.
/// </summary>
public sealed class TimerRecordingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _requested = [];
    private readonly Dictionary<RecordedTimer, DateTimeOffset> _pending = [];

    public TimerRecordingTimeProvider()
        : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Every due time asked for so far (on creation and on Change), in order.</summary>
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
        var timer = new RecordedTimer(this, period);
        // Recorded before the package arms it: a timer due now fires inside CreateTimer.
        Schedule(timer, dueTime, period);
        timer.Inner = base.CreateTimer(s => { Fired(timer); callback(s); }, state, dueTime, period);
        return timer;
    }

    /// <summary>Waits (in real time, as synchronisation only) until a timer whose remaining time matches is pending.</summary>
    public Task WaitForTimerAsync(Func<TimeSpan, bool> match) => WaitAsync(() => AnyPending(match), "No matching timer was scheduled.");

    /// <summary>Waits (in real time, as synchronisation only) until no timer whose remaining time matches is pending.</summary>
    public Task WaitForNoTimerAsync(Func<TimeSpan, bool> match) => WaitAsync(() => !AnyPending(match), "A matching timer stayed scheduled.");

    private static async Task WaitAsync(Func<bool> condition, string failure)
    {
        for (var i = 0; i < 5000; i++)
        {
            if (condition())
                return;
            await Task.Delay(1);
        }
        throw new TimeoutException(failure);
    }

    private bool AnyPending(Func<TimeSpan, bool> match)
    {
        var now = GetUtcNow();
        lock (_lock)
        {
            return _pending.Values.Any(due => match(due - now));
        }
    }

    private void Schedule(RecordedTimer timer, TimeSpan due, TimeSpan period)
    {
        lock (_lock)
        {
            timer.Period = period;
            if (due == Timeout.InfiniteTimeSpan)
            {
                _pending.Remove(timer);
                return;
            }
            _requested.Add(due);
            _pending[timer] = GetUtcNow() + due;
        }
    }

    private void Fired(RecordedTimer timer)
    {
        lock (_lock)
        {
            if (timer.Period > TimeSpan.Zero && timer.Period != Timeout.InfiniteTimeSpan && _pending.ContainsKey(timer))
                _pending[timer] = GetUtcNow() + timer.Period;
            else
                _pending.Remove(timer);
        }
    }

    private void Remove(RecordedTimer timer)
    {
        lock (_lock)
        {
            _pending.Remove(timer);
        }
    }

    private sealed class RecordedTimer(TimerRecordingTimeProvider owner, TimeSpan period) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public TimeSpan Period { get; set; } = period;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            owner.Remove(this);
            Inner.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            owner.Remove(this);
            await Inner.DisposeAsync();
        }
    }
}
