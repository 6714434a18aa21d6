using System.Globalization;
using System.Text.Json;
using Nereid.Bench.Load;
using Nereid.Bench.Reporting;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// <c>api-list</c>: GET of the namespace list with <c>--ns</c> namespaces. Today only the baseline half runs: the same
/// size of JSON served from memory by <see cref="BaselineServer"/>, i.e. the floor the product endpoint is judged against.
/// Options: <c>--ns</c> (default 5000), <c>--connections</c> (32), <c>--warmup</c> s (2), <c>--duration</c> s (10).
/// </summary>
public sealed class ApiListScenario : IBenchScenario
{
    /// <inheritdoc />
    public string Name => "api-list";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = new BenchArguments(args);
        var namespaces = options.Int("ns", 5000);
        var body = NamespaceListJson(namespaces);
        await using var baseline = await BaselineServer.StartAsync(body, "application/json; charset=utf-8", cancellationToken);
        var load = new LoadOptions
        {
            Target = new Uri(baseline.BaseAddress, "api/v1/namespaces"),
            Connections = options.Int("connections", 32),
            WarmUp = options.Seconds("warmup", TimeSpan.FromSeconds(2)),
            Duration = options.Seconds("duration", TimeSpan.FromSeconds(10)),
        };
        Console.Error.WriteLine($"api-list baseline: {namespaces} namespaces, {body.Length / 1024.0:0.#} KiB body, {load.Connections} connections, {load.Duration.TotalSeconds}s");

        var result = await new LoadGenerator(TimeProvider.System).RunAsync(load, cancellationToken);

        Console.Error.WriteLine("api-list: the product half (Nereid.Server with a seeded database) is not implemented yet; baseline only.");
        ResultLine.Print(Name,
            ("mode", "baseline"),
            ("ns", namespaces),
            ("body_kb", body.Length / 1024.0),
            ("connections", load.Connections),
            ("baseline_rps", result.RequestsPerSecond),
            ("baseline_p50_ms", result.P50Milliseconds),
            ("baseline_p90_ms", result.P90Milliseconds),
            ("baseline_p99_ms", result.P99Milliseconds),
            ("baseline_errors", result.Errors),
            ("rss_mb", ProcessMemory.RssMegabytes()));
        return result.Errors == 0 ? 0 : 1;
    }

    /// <summary>A JSON array shaped like the namespace list the API returns, so the byte count is realistic.</summary>
    public static byte[] NamespaceListJson(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var created = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var items = Enumerable.Range(1, count).Select(i => new
        {
            name = string.Create(CultureInfo.InvariantCulture, $"collab-{i:D5}"),
            displayName = string.Create(CultureInfo.InvariantCulture, $"Collaboration {i}"),
            owner = string.Create(CultureInfo.InvariantCulture, $"user{i % 997}@campus{i % 37}.edu"),
            institution = string.Create(CultureInfo.InvariantCulture, $"Campus {i % 37}"),
            members = i % 23,
            gpuQuota = i % 8,
            phase = i % 50 == 0 ? "Degraded" : "Ready",
            createdAt = created.AddMinutes(i),
        });
        return JsonSerializer.SerializeToUtf8Bytes(new { items, total = count });
    }
}
