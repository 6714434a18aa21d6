namespace Nereid.KubeDouble.Watch;

/// <summary>
/// Bounded ring of recent events, standing in for etcd's history before compaction. Not thread-safe:
/// the store calls it under its write lock.
/// </summary>
public sealed class EventHistory(int capacity)
{
    private readonly WatchEvent[] _ring = new WatchEvent[Math.Max(1, capacity)];
    private int _start;
    private int _count;

    /// <summary>Highest resourceVersion no longer retained (0 when nothing was evicted).</summary>
    public long CompactedRevision { get; private set; }

    public void Add(WatchEvent e)
    {
        if (_count == _ring.Length)
        {
            CompactedRevision = _ring[_start].ResourceVersion;
            _ring[_start] = e;
            _start = (_start + 1) % _ring.Length;
            return;
        }
        _ring[(_start + _count) % _ring.Length] = e;
        _count++;
    }

    /// <summary>Forgets everything up to <paramref name="revision"/> (tests use it to force 410s).</summary>
    public void CompactTo(long revision)
    {
        while (_count > 0 && _ring[_start].ResourceVersion <= revision)
        {
            _start = (_start + 1) % _ring.Length;
            _count--;
        }
        CompactedRevision = Math.Max(CompactedRevision, revision);
    }

    public IEnumerable<WatchEvent> After(long revision)
    {
        for (var i = 0; i < _count; i++)
        {
            var e = _ring[(_start + i) % _ring.Length];
            if (e.ResourceVersion > revision)
            {
                yield return e;
            }
        }
    }
}
