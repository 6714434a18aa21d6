namespace Nereid.Bench.Load;

/// <summary>The measured period of a load run.</summary>
/// <param name="Requests">Requests started in the measured period (success or error); each connection contributes at least one.</param>
/// <param name="Errors">Requests that failed: non-2xx status or a transport exception.</param>
/// <param name="Elapsed">Actual length of the measured period.</param>
/// <param name="Latency">Latencies of every counted request.</param>
/// <param name="BytesReceived">Response body bytes received in the measured period.</param>
public sealed record LoadResult(long Requests, long Errors, TimeSpan Elapsed, LatencyHistogram Latency, long BytesReceived)
{
    /// <summary>Requests per second over the measured period.</summary>
    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Requests / Elapsed.TotalSeconds : 0;

    /// <summary>Median latency in ms.</summary>
    public double P50Milliseconds => Latency.PercentileMilliseconds(50);

    /// <summary>90th percentile latency in ms.</summary>
    public double P90Milliseconds => Latency.PercentileMilliseconds(90);

    /// <summary>99th percentile latency in ms.</summary>
    public double P99Milliseconds => Latency.PercentileMilliseconds(99);

    /// <summary>
    /// Several measured periods as one: counts, bytes and time added, latencies merged. Rounds of two arms taken in turn
    /// are combined this way, so a change in the machine's load during the run falls on both arms alike.
    /// </summary>
    public static LoadResult Combine(IReadOnlyCollection<LoadResult> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        var latency = new LatencyHistogram();
        foreach (var round in rounds)
        {
            latency.Merge(round.Latency);
        }

        return new LoadResult(rounds.Sum(r => r.Requests), rounds.Sum(r => r.Errors),
            TimeSpan.FromTicks(rounds.Sum(r => r.Elapsed.Ticks)), latency, rounds.Sum(r => r.BytesReceived));
    }
}
