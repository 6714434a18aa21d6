namespace Nereid.Bench.Load;

/// <summary>What <see cref="LoadGenerator"/> sends and for how long.</summary>
public sealed class LoadOptions
{
    /// <summary>The absolute URL requested (GET) by every connection. Required.</summary>
    public required Uri Target { get; init; }

    /// <summary>Concurrent connections, each with one request in flight. Default 16.</summary>
    public int Connections { get; init; } = 16;

    /// <summary>Minimum time spent sending unmeasured requests first (JIT, pools, caches); measurement also waits until every connection completed one request. Default 2 s.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The measured period. Default 10 s.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Headers added to every request, e.g. <c>Cookie</c> or <c>Authorization: Bearer …</c>. Default none.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
