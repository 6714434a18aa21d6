namespace Nereid.TestSupport.Time;

/// <summary>An <see cref="ITimer"/> driven by a <see cref="FakeTimeProvider"/>; fires only when the fake clock advances.</summary>
internal sealed class FakeTimer : ITimer
{
    private readonly FakeTimeProvider _owner;
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private bool _disposed;

    public FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state)
    {
        _owner = owner;
        _callback = callback;
        _state = state;
    }

    /// <summary>Due instant in UTC ticks; null when disarmed. Guarded by the owner's lock.</summary>
    internal long? DueTicks { get; set; }

    /// <summary>Repeat period; zero for a one-shot timer. Guarded by the owner's lock.</summary>
    internal TimeSpan Period { get; set; }

    /// <summary>Arming order, the tie-breaker between timers due at the same instant.</summary>
    internal long Sequence { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        ValidateSpan(dueTime, nameof(dueTime));
        ValidateSpan(period, nameof(period));
        if (_disposed)
        {
            return false;
        }

        _owner.Schedule(this, dueTime, period);
        return true;
    }

    public void Dispose()
    {
        _disposed = true;
        _owner.Remove(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal void Fire()
    {
        if (!_disposed)
        {
            _callback(_state);
        }
    }

    private static void ValidateSpan(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be non-negative or Timeout.InfiniteTimeSpan.");
        }
    }
}
