using System.Collections.Concurrent;
using Nereid.Server.Resources;

namespace Nereid.Server.Sessions;

/// <summary>
/// Each person's last options body, kept for <see cref="SessionsOptions.OptionsCacheTime"/> and only while every
/// inventory snapshot it was computed from is still the current one: JupyterHub asks on every spawn-form load, and
/// the answer is a few hundred KiB computed from the database and thousands of nodes.
/// </summary>
internal sealed class SessionOptionsCache(TimeProvider time)
{
    private const int PruneAbove = 4096;
    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();

    /// <summary>The body kept for <paramref name="person"/>, if it is fresh and was computed from <paramref name="snapshots"/>.</summary>
    public byte[]? Find(Guid person, IReadOnlyList<ClusterSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        return _entries.TryGetValue(person, out var entry) && time.GetUtcNow() < entry.Until && Same(entry.Snapshots, snapshots) ? entry.Body : null;
    }

    /// <summary>Keeps <paramref name="body"/> for <paramref name="ttl"/> (nothing when it is zero).</summary>
    public void Keep(Guid person, IReadOnlyList<ClusterSnapshot> snapshots, byte[] body, TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero)
            return;
        var now = time.GetUtcNow();
        if (_entries.Count >= PruneAbove)
        {
            foreach (var (key, old) in _entries)
            {
                if (old.Until <= now)
                    _entries.TryRemove(key, out _);
            }
        }
        _entries[person] = new Entry(snapshots, body, now + ttl);
    }

    private static bool Same(IReadOnlyList<ClusterSnapshot> a, IReadOnlyList<ClusterSnapshot> b)
    {
        if (a.Count != b.Count)
            return false;
        for (var i = 0; i < a.Count; i++)
        {
            if (!ReferenceEquals(a[i], b[i]))
                return false;
        }
        return true;
    }

    private sealed record Entry(IReadOnlyList<ClusterSnapshot> Snapshots, byte[] Body, DateTimeOffset Until);
}
