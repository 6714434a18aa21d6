using Nereid.Bench.Prerequisites;
using System.Diagnostics;
using Nereid.Bench.Load;
using Nereid.Bench.Reporting;
using Nereid.TestSupport.Postgres;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// <c>api-list</c>: the real server (its own process, PostgreSQL seeded with <c>--ns</c> namespaces, 10× people and
/// 20× memberships) answering <c>GET /api/v1/namespaces?limit=100</c> anonymously and with a personal access token,
/// and the overview page; against a baseline measured in the same run: a bare Kestrel endpoint in this process serving
/// the byte-identical body from memory. Options: <c>--ns</c> (5000), <c>--connections</c> (64), <c>--warmup</c> s (8; tiered JIT needs that long under load),
/// <c>--duration</c> s (10).
/// </summary>
public sealed class ApiListScenario : IBenchScenario
{
    public string Name => "api-list";

    /// <inheritdoc />
    public IReadOnlyCollection<Prerequisite> Prerequisites => [Prerequisite.PostgreSql];

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = new BenchArguments(args);
        var namespaces = options.Int("ns", 5000);
        var connections = options.Int("connections", 64);
        var warmUp = options.Seconds("warmup", TimeSpan.FromSeconds(8));
        var duration = options.Seconds("duration", TimeSpan.FromSeconds(10));

        await using var postgres = await PostgresServer.StartAsync(cancellationToken);
        var connectionString = await postgres.CreateDatabaseAsync("nereid_bench", cancellationToken);
        await using var server = await ServerProcess.StartAsync(connectionString, namespaces, cancellationToken);
        var token = await ServerProcess.CreateUserTokenAsync(connectionString, cancellationToken);
        Console.Error.WriteLine($"api-list: server ready at {server.BaseAddress} after seeding {namespaces} namespaces");

        var listUri = new Uri(server.BaseAddress, "api/v1/namespaces?limit=100");
        using var http = new HttpClient();
        var body = await http.GetByteArrayAsync(listUri, cancellationToken);
        await using var baseline = await BaselineServer.StartAsync(body, "application/json", cancellationToken);
        var generator = new LoadGenerator(TimeProvider.System);

        LoadOptions Load(Uri target, IReadOnlyDictionary<string, string>? headers = null, int? conns = null, TimeSpan? only = null) => new()
        {
            Target = target, Connections = conns ?? connections, WarmUp = only is null ? warmUp : TimeSpan.Zero, Duration = only ?? duration,
            Headers = headers ?? new Dictionary<string, string>(),
        };
        // Tiered JIT needs a while under load before the server runs optimized code: warm every measured path first.
        var auth = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token };
        await generator.RunAsync(Load(listUri, only: warmUp * 2), cancellationToken);
        await generator.RunAsync(Load(listUri, auth, only: warmUp), cancellationToken);
        await generator.RunAsync(Load(new Uri(server.BaseAddress, "?limit=100"), conns: 8, only: warmUp), cancellationToken);
        var floor = await generator.RunAsync(Load(new Uri(baseline.BaseAddress, "api/v1/namespaces?limit=100")), cancellationToken);
        Report("baseline", floor, body.Length);
        var anonymous = await generator.RunAsync(Load(listUri), cancellationToken);
        Report("anonymous", anonymous, body.Length);
        var signedIn = await generator.RunAsync(Load(listUri, auth), cancellationToken);
        Report("signed-in", signedIn, body.Length);
        var page = await generator.RunAsync(Load(new Uri(server.BaseAddress, "?limit=100"), conns: 8), cancellationToken);
        Report("overview page", page, 0);
        var rss = ProcessMemory.RssMegabytes(server.ProcessId);

        // Conservative summary: the slower of the two API runs, the worse of their p99s.
        var rps = Math.Min(anonymous.RequestsPerSecond, signedIn.RequestsPerSecond);
        ResultLine.Print(Name,
            ("ns", namespaces),
            ("rps", rps),
            ("baseline_rps", floor.RequestsPerSecond),
            ("ratio", rps / floor.RequestsPerSecond),
            ("p99_ms", Math.Max(anonymous.P99Milliseconds, signedIn.P99Milliseconds)),
            ("page_p50_ms", page.P50Milliseconds),
            ("rss_mb", rss));
        return anonymous.Errors + signedIn.Errors + page.Errors == 0 ? 0 : 1;
    }

    private static void Report(string what, LoadResult r, int bytes) =>
        Console.Error.WriteLine($"  {what,-14} {r.RequestsPerSecond,10:0} req/s  p50 {r.P50Milliseconds:0.00} ms  p99 {r.P99Milliseconds:0.00} ms  errors {r.Errors}  body {bytes / 1024.0:0.0} KiB");
}
