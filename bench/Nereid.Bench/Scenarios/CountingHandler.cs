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

    private readonly Lock _gate = new();
    private long _inflight;
    private long _lastChange = System.Diagnostics.Stopwatch.GetTimestamp();
    private long _windowStart = System.Diagnostics.Stopwatch.GetTimestamp();
    private long _inflightTicks;
    private long _latencyTicks;
    private long _timed;

    /// <summary>
    /// Since the last call: requests in flight on average over time and their mean latency (watches left out: they stay
    /// open), and how many requests that covers; then starts a new window. Shows whether a pass kept the client's slots
    /// busy and what each round trip took.
    /// </summary>
    public Concurrency TakeConcurrency()
    {
        lock (_gate)
        {
            var now = Advance();
            var window = now - _windowStart;
            var result = new Concurrency(window > 0 ? (double)_inflightTicks / window : 0,
                _timed > 0 ? TimeSpan.FromSeconds((double)_latencyTicks / System.Diagnostics.Stopwatch.Frequency / _timed) : TimeSpan.Zero, _timed);
            (_inflightTicks, _latencyTicks, _timed, _windowStart) = (0, 0, 0, now);
            return result;
        }
    }

    // Adds the time since the last change, weighted by the requests in flight during it; under _gate.
    private long Advance()
    {
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        _inflightTicks += _inflight * (now - _lastChange);
        _lastChange = now;
        return now;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri?.Query.Contains("watch=", StringComparison.Ordinal) == true)
        {
            return await CountAsync(request, cancellationToken);
        }
        long started;
        lock (_gate)
        {
            started = Advance();
            _inflight++;
        }
        try
        {
            return await CountAsync(request, cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                var ended = Advance();
                _inflight--;
                _latencyTicks += ended - started;
                _timed++;
            }
        }
    }

    private Task<HttpResponseMessage> CountAsync(HttpRequestMessage request, CancellationToken cancellationToken)
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

/// <summary>Requests in flight on average, their mean latency, and how many requests were timed.</summary>
internal readonly record struct Concurrency(double MeanInflight, TimeSpan MeanLatency, long Requests)
{
    public override string ToString() => $"{MeanInflight:0.0} in flight on average, {MeanLatency.TotalMilliseconds:0.00} ms per request";
}
