using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nereid.Bench.Load;
using Nereid.Bench.Prerequisites;
using Nereid.Bench.Reporting;
using Nereid.Data;
using Nereid.Data.Database;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Domain.Sessions;
using Nereid.KubeDouble;
using Nereid.TestSupport.Postgres;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// <c>session-options</c>: the real server (its own process, PostgreSQL) connected to a Kubernetes API double (in this
/// process, schema validation and RBAC off) holding <c>--nodes</c> nodes (5000: CPU nodes and GPU nodes of six products
/// incl. A100, some cordoned, NotReady or reserved by taint, GPU pods on them — <see cref="SessionOptionsCluster"/>);
/// <c>--ns</c> namespaces (2000) with quotas, one person in <c>--member-of</c> (20) of them. Once the inventory has synced
/// and the reconciler's cold pass went quiet, <c>GET /api/v1/sessions/options</c> with that person's token at
/// <c>--connections</c> (64) against bare Kestrel serving the byte-identical body in the same run. Options <c>--warmup</c>
/// s (8), <c>--duration</c> s (10) per arm, split into <c>--rounds</c> (5) periods taken in turn with the baseline.
/// </summary>
public sealed class SessionOptionsScenario : IBenchScenario
{
    /// <inheritdoc />
    public string Name => "session-options";

    /// <inheritdoc />
    public IReadOnlyCollection<Prerequisite> Prerequisites => [Prerequisite.PostgreSql];

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var a = new BenchArguments(args);
        var nodes = a.Int("nodes", 5000);
        var namespaces = a.Int("ns", 2000);
        var memberOf = Math.Min(a.Int("member-of", 20), namespaces);
        var connections = a.Int("connections", 64);
        var warmUp = a.Seconds("warmup", TimeSpan.FromSeconds(8));
        var duration = a.Seconds("duration", TimeSpan.FromSeconds(10));
        var rounds = Math.Max(1, a.Int("rounds", 5));

        await using var postgres = await PostgresServer.StartAsync(cancellationToken);
        var connectionString = await postgres.CreateDatabaseAsync("nereid_bench", cancellationToken);
        var names = Enumerable.Range(0, namespaces).Select(i => $"lab-{i:D4}").ToList();
        var person = await SeedDatabaseAsync(connectionString, names, memberOf, cancellationToken);
        var token = await ServerProcess.CreateTokenAsync(connectionString, person, cancellationToken);

        var cluster = SessionOptionsCluster.Build(nodes, names, seed: 42);
        Console.Error.WriteLine($"session-options: {cluster.Nodes} nodes ({cluster.GpuNodes} with GPUs, {cluster.A100Nodes} A100), {cluster.Pods} GPU pods, " +
            $"{namespaces} namespaces, a person in {memberOf}");
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions
        {
            ValidateSchemas = false, EnforceRbac = false, RecordRequests = false, ProvisionVolumes = false, SeedObjects = cluster.Objects,
        }, cancellationToken);
        var dir = Directory.CreateTempSubdirectory("nereid-bench-options-");
        try
        {
            var kubeconfig = Path.Combine(dir.FullName, "kubeconfig");
            kube.WriteKubeconfig(kubeconfig, "admin");
            await using var server = await ServerProcess.StartAsync(connectionString, new Dictionary<string, string>
            {
                ["Nereid__Clusters__0__Name"] = "bench",
                ["Nereid__Clusters__0__Kubeconfig"] = kubeconfig,
                ["Nereid__Clusters__0__ApiServerUrl"] = kube.BaseAddress.ToString(),
                ["Nereid__Clusters__0__CertificateAuthority"] = kube.CaCertificatePem,
                ["Nereid__Clusters__0__OidcClientId"] = "nereid",
                ["Nereid__Resources__ReservationTaintKey"] = SessionOptionsCluster.ReservationTaint,
                ["Nereid__Usage__Enabled"] = "false",
                // The double serves no Admiralty kinds; federation would only retry its lists.
                ["Nereid__Federation__Enabled"] = "false",
                // Every SQL command is logged, so the run can say how many a request costs (none on a cache hit).
                ["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
            }, cancellationToken);
            var optionsUri = new Uri(server.BaseAddress, "api/v1/sessions/options");
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var body = await UntilSettledAsync(http, optionsUri, kube, () => ReconciledAsync(connectionString, cancellationToken), namespaces, cancellationToken);
            Console.Error.WriteLine($"session-options: options body {body.Length / 1024.0:0.0} KiB; double quiet at revision {kube.Store.Revision}");

            await using var baseline = await BaselineServer.StartAsync(body, "application/json", cancellationToken);
            var generator = new LoadGenerator(TimeProvider.System);
            var auth = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token };
            LoadOptions Load(Uri target, TimeSpan? only = null) => new()
            {
                Target = target, Connections = connections, WarmUp = only is null ? warmUp : TimeSpan.Zero, Duration = only ?? duration, Headers = auth,
            };
            // Tiered JIT needs a while under load before the server runs optimized code: warm the measured path first.
            Console.Error.WriteLine($"session-options: warming up (server pid {server.ProcessId})");
            await generator.RunAsync(Load(optionsUri, only: warmUp * 2), cancellationToken);
            await generator.RunAsync(Load(new Uri(baseline.BaseAddress, "api/v1/sessions/options"), only: warmUp), cancellationToken);
            var commands = 0;
            void Count(string line)
            {
                if (line.Contains("Executed DbCommand", StringComparison.Ordinal))
                    Interlocked.Increment(ref commands);
            }
            server.OutputLine += Count;
            // The arms take turns (baseline, nereid, nereid, baseline, …): on a machine shared with other work the load
            // changes by the second, and two back-to-back periods would each see a different machine.
            Console.Error.WriteLine($"session-options: measuring {rounds} rounds of {(duration / rounds).TotalSeconds:0.#} s per arm");
            var floorRounds = new List<LoadResult>();
            var measuredRounds = new List<LoadResult>();
            var slice = duration / rounds;
            for (var round = 0; round < rounds; round++)
            {
                var baselineFirst = round % 2 == 0;
                for (var arm = 0; arm < 2; arm++)
                {
                    if ((arm == 0) == baselineFirst)
                        floorRounds.Add(await generator.RunAsync(Load(new Uri(baseline.BaseAddress, "api/v1/sessions/options"), only: slice), cancellationToken));
                    else
                        measuredRounds.Add(await generator.RunAsync(Load(optionsUri, only: slice), cancellationToken));
                }
            }
            server.OutputLine -= Count;
            var floor = LoadResult.Combine(floorRounds);
            var measured = LoadResult.Combine(measuredRounds);
            Report("baseline", floor);
            Report("nereid", measured);
            Console.Error.WriteLine("  rounds (baseline/nereid req/s): " + string.Join("  ", floorRounds.Zip(measuredRounds,
                (b, n) => string.Create(CultureInfo.InvariantCulture, $"{b.RequestsPerSecond:0}/{n.RequestsPerSecond:0}"))));
            Console.Error.WriteLine($"session-options: {commands} SQL commands in the server during the {measured.Requests} measured requests (and the baseline rounds between them)");
            // Where the time goes, after the measured run so it is not disturbed: the same token on a tiny endpoint
            // (authentication, middleware and a small JSON answer) and the options answered 304 (everything but the body).
            var me = await generator.RunAsync(Load(new Uri(server.BaseAddress, "api/v1/me"), only: duration), cancellationToken);
            Report("me", me);
            using (var head = await http.GetAsync(optionsUri, cancellationToken))
            {
                var notModified = await generator.RunAsync(new LoadOptions
                {
                    Target = optionsUri, Connections = connections, WarmUp = TimeSpan.Zero, Duration = duration,
                    Headers = new Dictionary<string, string>(auth) { ["If-None-Match"] = head.Headers.ETag!.ToString() },
                }, cancellationToken);
                // The generator counts a 304 as an error (not 2xx): here every answer is expected to be one.
                Console.Error.WriteLine($"  {"304",-10} {notModified.RequestsPerSecond,10:0} req/s  p50 {notModified.P50Milliseconds:0.00} ms  p99 {notModified.P99Milliseconds:0.00} ms  " +
                    $"bytes {notModified.BytesReceived}");
            }
            var same = (await http.GetByteArrayAsync(optionsUri, cancellationToken)).AsSpan().SequenceEqual(body);
            Console.Error.WriteLine($"session-options: body after the run {(same ? "unchanged" : "CHANGED (the cluster moved during the run)")}");

            ResultLine.Print(Name,
                ("nodes", cluster.Nodes),
                ("rps", measured.RequestsPerSecond),
                ("baseline_rps", floor.RequestsPerSecond),
                ("ratio", measured.RequestsPerSecond / floor.RequestsPerSecond),
                ("p99_ms", measured.P99Milliseconds),
                ("rss_mb", ProcessMemory.RssMegabytes(server.ProcessId)));
            return measured.Errors == 0 ? 0 : 1;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Waits until the options name an A100 (the inventory synced) and the double has seen no write for 5 s (the
    /// reconciler's cold pass over every namespace is over: each has its status row), then returns the body the load will ask for. The leader's
    /// Lease renewals (every 2 s, whether or not anything changed) are not counted as writes.
    /// </summary>
    private static async Task<byte[]> UntilSettledAsync(HttpClient http, Uri optionsUri, KubeApiDouble kube, Func<Task<long>> reconciled, int namespaces,
        CancellationToken ct)
    {
        var writes = 0L;
        void Committed(KubeDouble.Watch.WatchEvent e)
        {
            if (e.Resource.Kind != "Lease")
                Interlocked.Increment(ref writes);
        }
        kube.Store.Committed += Committed;
        try
        {
            var clock = Stopwatch.StartNew();
            var quietSince = clock.Elapsed;
            var seen = -1L;
            var reported = TimeSpan.Zero;
            while (true)
            {
                await Task.Delay(1000, ct);
                var now = Interlocked.Read(ref writes);
                if (clock.Elapsed - reported >= TimeSpan.FromSeconds(30))
                {
                    reported = clock.Elapsed;
                    Console.Error.WriteLine($"session-options: settling {clock.Elapsed.TotalSeconds:0} s, {now} writes to the double, {await reconciled()} namespaces reconciled, quiet for {(clock.Elapsed - quietSince).TotalSeconds:0} s");
                }
                // A pass that pauses (its database writes, a slow step on a loaded machine) is not over until every
                // namespace has its status row: measured requests must not share the machine with the cold pass.
                if (now != seen || await reconciled() < namespaces)
                {
                    seen = now;
                    quietSince = clock.Elapsed;
                    continue;
                }
                using var response = await http.GetAsync(optionsUri, ct);
                var body = await response.Content.ReadAsByteArrayAsync(ct);
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"options answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
                if (clock.Elapsed - quietSince >= TimeSpan.FromSeconds(5) && System.Text.Encoding.UTF8.GetString(body).Contains("A100", StringComparison.Ordinal))
                    return body;
                if (clock.Elapsed > TimeSpan.FromMinutes(30))
                    throw new TimeoutException(clock.Elapsed - quietSince >= TimeSpan.FromSeconds(5)
                        ? "the options never offered an A100" : $"the double never went quiet ({now} writes)");
            }
        }
        finally
        {
            kube.Store.Committed -= Committed;
        }
    }

    /// <summary>How many namespaces the reconciler has written a status for.</summary>
    private static async Task<long> ReconciledAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(DISTINCT \"Namespace\") FROM namespace_cluster_status", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>Namespaces with quota overrides, a few members each, one person in the first <paramref name="memberOf"/>, and an image catalogue.</summary>
    private static async Task<Guid> SeedDatabaseAsync(string connectionString, IReadOnlyList<string> names, int memberOf, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Nereid:Database:Provider"] = "Postgres";
        builder.Configuration["Nereid:Database:ConnectionString"] = connectionString;
        builder.Logging.ClearProviders();
        builder.AddNereidData();
        using var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var people = Enumerable.Range(0, 500).Select(i =>
        {
            var p = new Person { DisplayName = $"Person {i}", Tier = Tier.User, CreatedAt = now };
            p.SetEmail(string.Create(CultureInfo.InvariantCulture, $"person{i}@example.edu"));
            return p;
        }).ToList();
        db.AddRange(people);
        var bench = people[0];
        for (var i = 0; i < names.Count; i++)
        {
            var ns = new NereidNamespace { Name = names[i], Institution = "UC San Diego", Pis = ["Prof. Example"], Description = "Benchmark namespace.",
                CreatedById = people[1].Id, CreatedAt = now, Version = 0 };
            ns.Memberships.Add(new Membership { PersonId = people[1 + i % 499].Id, Role = MembershipRole.Admin, AddedAt = now });
            ns.Memberships.Add(new Membership { PersonId = people[1 + (i + 7) % 499].Id, Role = MembershipRole.Member, AddedAt = now });
            if (i < memberOf)
                ns.Memberships.Add(new Membership { PersonId = bench.Id, Role = MembershipRole.Member, AddedAt = now });
            ns.Touch(now);
            db.Add(ns);
            // Quotas vary: every namespace gets CPU, memory and GPUs; every third one an A100-only allowance, every fifth none.
            void Quota(string resource, string quantity) => db.Add(new NamespaceQuotaOverride
            {
                NamespaceId = ns.Id, Resource = resource, Quantity = quantity, SetAt = now, SetById = people[1].Id,
            });
            Quota("requests.cpu", (32 + 16 * (i % 4)).ToString(CultureInfo.InvariantCulture));
            Quota("requests.memory", $"{128 * (1 + i % 3)}Gi");
            Quota("requests.nvidia.com/gpu", (i % 5 == 0 ? 0 : 4 + 4 * (i % 3)).ToString(CultureInfo.InvariantCulture));
            if (i % 3 == 0)
                Quota("requests.nvidia.com/a100", "4");
        }
        db.Add(SessionImage.Create("minimal", "quay.io/jupyter/minimal-notebook:2024-12-02", "Python and JupyterLab", false, now));
        db.Add(SessionImage.Create("scipy", "quay.io/jupyter/scipy-notebook:2024-12-02", "SciPy stack", false, now));
        db.Add(SessionImage.Create("r", "quay.io/jupyter/r-notebook:2024-12-02", "R and IRkernel", false, now));
        db.Add(SessionImage.Create("pytorch", "quay.io/jupyter/pytorch-notebook:cuda12-2024-12-02", "PyTorch with CUDA", true, now));
        db.Add(SessionImage.Create("tensorflow", "quay.io/jupyter/tensorflow-notebook:cuda-2024-12-02", "TensorFlow with CUDA", true, now));
        await db.SaveChangesAsync(ct);
        return bench.Id;
    }

    private static void Report(string what, LoadResult r) =>
        Console.Error.WriteLine($"  {what,-10} {r.RequestsPerSecond,10:0} req/s  p50 {r.P50Milliseconds:0.00} ms  p99 {r.P99Milliseconds:0.00} ms  errors {r.Errors}");
}
