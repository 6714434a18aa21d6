using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Nereid.Server.Namespaces;

/// <summary>
/// Keeps recently rendered overview pages (already serialized) for a few seconds. Any namespace or membership change
/// made through this replica empties it at once; other replicas see the change within <see cref="NamespaceOptions.ListCacheSeconds"/>.
/// The overview is public and read far more often than it changes, so this is what lets it serve thousands of requests a second.
/// </summary>
internal sealed class NamespaceListCache(TimeProvider time, IOptions<NamespaceOptions> options)
{
    private const int MaxEntries = 2_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;

    public sealed record Entry(byte[] Body, string ETag, long Generation, long ExpiresAt, object? Value = null);

    public bool TryGet(string key, out Entry entry)
    {
        if (_entries.TryGetValue(key, out entry!) && entry.Generation == Interlocked.Read(ref _generation)
            && entry.ExpiresAt > time.GetTimestamp())
            return true;
        entry = null!;
        return false;
    }

    /// <summary>Stores a body rendered while <paramref name="generation"/> was current; a change meanwhile makes it stale at once.</summary>
    public Entry Set(string key, byte[] body, long generation)
    {
        if (_entries.Count >= MaxEntries)
            _entries.Clear();
        var ttl = TimeSpan.FromSeconds(Math.Max(0, options.Value.ListCacheSeconds));
        var etag = "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body))[..16] + "\"";
        var entry = new Entry(body, etag, generation, time.GetTimestamp() + (long)(ttl.TotalSeconds * time.TimestampFrequency));
        _entries[key] = entry;
        return entry;
    }

    /// <summary>Typed values (rendered pages' data) kept under the same rules as serialized bodies.</summary>
    public bool TryGetValue<T>(string key, out T value)
    {
        if (TryGet(key, out var entry) && entry.Value is T typed)
        {
            value = typed;
            return true;
        }
        value = default!;
        return false;
    }

    public void SetValue<T>(string key, T value, long generation) where T : notnull
    {
        var entry = Set(key, [], generation);
        _entries[key] = entry with { Value = value };
    }

    public long Generation => Interlocked.Read(ref _generation);

    public void Invalidate() => Interlocked.Increment(ref _generation);
}
