namespace Nereid.Bench.Scenarios;

/// <summary>Counts the HTTP requests a client sends (watches and retries included), now that the double runs elsewhere.</summary>
internal sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private long _requests;
    private long _gets;
    private long _writesTo;
    private long _writes;

    /// <summary>A path segment (a resource's plural) whose writes <see cref="WritesTo"/> counts; none by default.</summary>
    public string? WritesOf { get; init; }

    /// <summary>Non-GET requests whose path holds the segment <see cref="WritesOf"/> (leases and other kinds left out).</summary>
    public long WritesTo => Interlocked.Read(ref _writesTo);

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Non-GET requests of any kind but leases (a leader renews its Lease whether or not anything changed).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>GET requests among them (informers' lists and watches; the reconciler reads its caches, never GETs).</summary>
    public long Gets => Interlocked.Read(ref _gets);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        if (request.Method == HttpMethod.Get)
            Interlocked.Increment(ref _gets);
        else if (request.RequestUri?.AbsolutePath.Contains("/leases/", StringComparison.Ordinal) != true)
            Interlocked.Increment(ref _writes);
        if (request.Method != HttpMethod.Get && WritesOf is { } plural
            && request.RequestUri?.AbsolutePath.Contains("/" + plural, StringComparison.Ordinal) == true)
            Interlocked.Increment(ref _writesTo);
        return base.SendAsync(request, cancellationToken);
    }
}
