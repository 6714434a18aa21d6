using System.Collections.Concurrent;

namespace Nereid.KubeDouble.Faults;

/// <summary>
/// Run-time adjustable fault injection, deterministic for a seed. All settings default to off and
/// <see cref="Enabled"/> lets the hot path skip everything with one read.
/// </summary>
public sealed class FaultInjector(int seed)
{
    private readonly Lock _lock = new();
    private readonly Random _random = new(seed);
    private readonly ConcurrentDictionary<string, VerbFault> _verbFaults = new(StringComparer.Ordinal);
    private volatile bool _forceWatchExpired;
    private TimeSpan _latency;
    private TimeSpan? _dropWatchesEvery;

    /// <summary>Latency added to every request. Default zero.</summary>
    public TimeSpan Latency { get => _latency; set { _latency = value; Refresh(); } }

    /// <summary>Watches are cut after this long. Default null (never).</summary>
    public TimeSpan? DropWatchesEvery { get => _dropWatchesEvery; set { _dropWatchesEvery = value; Refresh(); } }

    /// <summary>How long a <see cref="FaultKind.Timeout"/> hangs before aborting. Default 2 s.</summary>
    public TimeSpan TimeoutHang { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>True when any fault is configured.</summary>
    public bool Enabled { get; private set; }

    /// <summary>Sets (or with null clears) the fault for a verb: get, list, watch, create, update, patch, delete, deletecollection.</summary>
    public void SetVerbFault(string verb, VerbFault? fault)
    {
        ArgumentNullException.ThrowIfNull(verb);
        if (fault is null)
        {
            _verbFaults.TryRemove(verb, out _);
        }
        else
        {
            _verbFaults[verb] = fault;
        }
        Refresh();
    }

    /// <summary>The next watch request gets an ERROR 410 Expired event.</summary>
    public void ForceNextWatchExpired()
    {
        _forceWatchExpired = true;
        Refresh();
    }

    /// <summary>Clears every fault.</summary>
    public void Reset()
    {
        _verbFaults.Clear();
        _latency = TimeSpan.Zero;
        _dropWatchesEvery = null;
        _forceWatchExpired = false;
        Refresh();
    }

    /// <summary>Consumes the forced-410 flag.</summary>
    public bool TakeForcedWatchExpiry()
    {
        if (!_forceWatchExpired)
        {
            return false;
        }
        _forceWatchExpired = false;
        return true;
    }

    /// <summary>The fault to inject for this request, if any (draws from the seeded generator).</summary>
    public FaultKind? Pick(string verb)
    {
        if (!_verbFaults.TryGetValue(verb, out var fault))
        {
            return null;
        }
        lock (_lock)
        {
            return _random.NextDouble() < fault.Rate ? fault.Kind : null;
        }
    }

    private void Refresh() =>
        Enabled = _latency > TimeSpan.Zero || _dropWatchesEvery is not null || !_verbFaults.IsEmpty || _forceWatchExpired;
}
