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

        var start = _time.GetTimestamp();
        var measureFrom = start + Ticks(options.WarmUp);
        var measureUntil = measureFrom + Ticks(options.Duration);
        var workers = Enumerable.Range(0, options.Connections)
            .Select(_ => Task.Run(() => WorkerAsync(client, options.Target, measureFrom, measureUntil, cancellationToken), cancellationToken))
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

        var elapsed = _time.GetElapsedTime(measureFrom, Math.Max(measureFrom, _time.GetTimestamp()));
        return new LoadResult(requests, errors, elapsed < options.Duration ? options.Duration : elapsed, latency, bytes);
    }

    private async Task<WorkerResult> WorkerAsync(HttpClient client, Uri target, long measureFrom, long measureUntil, CancellationToken cancellationToken)
    {
        var result = new WorkerResult();
        var buffer = new byte[64 * 1024];
        while (!cancellationToken.IsCancellationRequested)
        {
            var sent = _time.GetTimestamp();
            if (sent >= measureUntil)
            {
                break;
            }

            var failed = false;
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

                failed = !response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                // Counted below: an unreachable or crashing server is a result, not a reason to abort the run.
                failed = true;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failed = true; // the 30 s client timeout
            }

            // Only requests *started* inside the measured window count, so warm-up traffic never leaks in.
            if (sent >= measureFrom)
            {
                result.Latency.Record(_time.GetElapsedTime(sent));
                result.Requests++;
                result.Bytes += bytes;
                result.Errors += failed ? 1 : 0;
            }
        }

        return result;
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private sealed class WorkerResult
    {
        public LatencyHistogram Latency { get; } = new();

        public long Requests { get; set; }

        public long Errors { get; set; }

        public long Bytes { get; set; }
    }
}
