using System.Net;

namespace Nereid.Bench.Load;

/// <summary>
/// An in-process HTTP load loop: N workers over one <see cref="SocketsHttpHandler"/> limited to N connections, so each
/// worker effectively owns a keep-alive connection. Warm-up first, then a measured period; latencies go to a histogram.
/// </summary>
/// <param name="timeProvider">Clock for phases and latencies; <see cref="TimeProvider.System"/> in real runs.</param>
public sealed class LoadGenerator(TimeProvider timeProvider)
{
    private readonly TimeProvider _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>Runs the load described by <paramref name="options"/> and returns the measured period.</summary>
    public async Task<LoadResult> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Connections, 1);
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var (name, value) in options.Headers)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        }

        var phase = new Phase(_time.GetTimestamp() + Ticks(options.WarmUp), Ticks(options.Duration), options.Connections);
        var workers = Enumerable.Range(0, options.Connections)
            .Select(_ => Task.Run(() => WorkerAsync(client, options.Target, phase, cancellationToken), cancellationToken))
            .ToArray();
        var results = await Task.WhenAll(workers);

        var latency = new LatencyHistogram();
        long requests = 0, errors = 0, bytes = 0;
        foreach (var worker in results)
        {
            latency.Merge(worker.Latency);
            requests += worker.Requests;
            errors += worker.Errors;
            bytes += worker.Bytes;
        }

        var measureFrom = phase.MeasureFrom;
        var elapsed = measureFrom == long.MaxValue ? TimeSpan.Zero : _time.GetElapsedTime(measureFrom);
        return new LoadResult(requests, errors, elapsed, latency, bytes);
    }

    private async Task<WorkerResult> WorkerAsync(HttpClient client, Uri target, Phase phase, CancellationToken cancellationToken)
    {
        var result = new WorkerResult();
        var buffer = new byte[64 * 1024];
        var warmedUp = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            var measureFrom = phase.MeasureFrom;
            var sent = _time.GetTimestamp();
            var measured = sent >= measureFrom;
            // Every connection contributes at least one measured request, so short runs on a busy machine still report.
            if (measured && sent - measureFrom >= phase.DurationTicks && result.Requests > 0)
            {
                break;
            }

            var (failed, bytes) = await SendAsync(client, target, buffer, cancellationToken);
            if (!warmedUp)
            {
                warmedUp = true;
                phase.WorkerWarmedUp(_time.GetTimestamp());
            }

            // Only requests *started* inside the measured window count, so warm-up traffic never leaks in.
            if (measured)
            {
                result.Latency.Record(_time.GetElapsedTime(sent));
                result.Requests++;
                result.Bytes += bytes;
                result.Errors += failed ? 1 : 0;
            }
        }

        return result;
    }

    private static async Task<(bool Failed, long Bytes)> SendAsync(HttpClient client, Uri target, byte[] buffer, CancellationToken cancellationToken)
    {
        long bytes = 0;
        try
        {
            using var response = await client.GetAsync(target, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                bytes += read;
            }

            return (!response.IsSuccessStatusCode, bytes);
        }
        catch (HttpRequestException)
        {
            // Counted as an error: an unreachable or crashing server is a result, not a reason to abort the run.
            return (true, bytes);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (true, bytes); // the 30 s client timeout
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    /// <summary>
    /// Shared run phase. Measurement starts when the warm-up time has passed <em>and</em> every worker has finished one
    /// request (first connects and JIT are never measured, however slow the machine).
    /// </summary>
    private sealed class Phase(long warmUpUntil, long durationTicks, int workers)
    {
        private long _measureFrom = long.MaxValue;
        private int _pending = workers;

        public long DurationTicks { get; } = durationTicks;

        public long MeasureFrom => Volatile.Read(ref _measureFrom);

        public void WorkerWarmedUp(long now)
        {
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                Volatile.Write(ref _measureFrom, Math.Max(now, warmUpUntil));
            }
        }
    }

    private sealed class WorkerResult
    {
        public LatencyHistogram Latency { get; } = new();

        public long Requests { get; set; }

        public long Errors { get; set; }

        public long Bytes { get; set; }
    }
}
