using System.Collections.Concurrent;

namespace Nereid.KubeDouble.Server;

/// <summary>One request as the double saw it (Authorization included: this is a test double, never a real secret).</summary>
public sealed record RequestLogEntry(
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    string? Body,
    int Status);

/// <summary>Thread-safe log of every request, in arrival order of completion.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<RequestLogEntry> _entries = new();
    private long _requests;
    private long _watches;

    /// <summary>Requests answered other than watches, counted even when entries are not recorded.</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    /// <summary>Watch requests answered, counted even when entries are not recorded.</summary>
    public long WatchCount => Interlocked.Read(ref _watches);

    /// <summary>Counts one answered request (cheap; always on).</summary>
    public void Count(bool watch) => Interlocked.Increment(ref watch ? ref _watches : ref _requests);

    public IReadOnlyList<RequestLogEntry> Entries => [.. _entries];

    public void Add(RequestLogEntry entry) => _entries.Enqueue(entry);

    public void Clear() => _entries.Clear();
}
