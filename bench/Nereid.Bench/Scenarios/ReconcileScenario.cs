using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nereid.Bench.Reporting;
using Nereid.Data;
using Nereid.Data.Database;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;

using Nereid.Server.Clusters;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// <c>reconcile</c>: <c>--ns</c> namespaces (2000) in a SQLite database projected into the Kubernetes double running in
/// its own process (schema validation off, <c>--latency-ms</c> 2 per request, optional <c>--faults</c>
/// <c>verb:rate:kind,…</c>), client limited to <c>--inflight</c> (16) requests, <c>--workers</c> reconcile workers (the server default, 8), HTTP/2 unless <c>--http 1.1</c>. After <c>--warmup-rounds</c> (3) passes over <c>--warmup-ns</c> (200) namespaces on separate
/// doubles and a wait for the background JIT to go quiet (not measured; run with the tiering delay off), and as many
/// objects applied to the measured double under names Nereid does not own (<see cref="ReconcileRig.WarmDoubleAsync"/>): a cold pass
/// over every key, then a full resync with nothing changed, then a transport baseline, then the allocation of each stage
/// of a first pass over <c>--alloc-sample-ns</c> (100) namespaces (<see cref="ReconcileRig.MeasureAllocationsAsync"/>). Requests are counted by
/// the client's handler; CPU time is this process's (Nereid's) and the double's, read around the cold pass.
/// </summary>
public sealed class ReconcileScenario : IBenchScenario
{
    /// <inheritdoc />
    public string Name => "reconcile";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (await TieringRelaunch.RunInChildAsync(Name, args, cancellationToken) is { } exitCode)
        {
            return exitCode;
        }
        var a = new BenchArguments(args);
        var count = a.Int("ns", 2000);
        var inflight = a.Int("inflight", 16);
        // The server's own default unless asked otherwise: a rig with more workers measures a setup nobody runs.
        var workers = a.Int("workers", new ReconcilerOptions().Workers);
        var latency = TimeSpan.FromMilliseconds(a.Int("latency-ms", 2));
        var warmup = Math.Min(a.Int("warmup-ns", 200), count);
        var dir = Directory.CreateTempSubdirectory("nereid-bench-reconcile-");
        try
        {
            using var host = await DatabaseHostAsync(dir.FullName, cancellationToken);
            await SeedAsync(host.Services, count, cancellationToken);
            var scopes = host.Services.GetRequiredService<IServiceScopeFactory>();
            var http2 = a.String("http") != "1.1";
            IReadOnlyList<string> faults = (a.String("faults") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            // "Cold" is the cluster's state, not the JIT's: a running server has compiled this code long before it
            // meets a new cluster. Warm-up rounds on separate doubles (not measured) bring the hot code to tier 1
            // (with the tiering delay off, see TieringRelaunch); the methods each round compiles go to stderr.
            var rounds = warmup > 0 ? a.Int("warmup-rounds", 3) : 0;
            for (var round = 1; round <= rounds; round++)
            {
                var before = System.Runtime.JitInfo.GetCompiledMethodCount();
                await using var warm = await ReconcileRig.StartAsync($"warm-up-{round}", scopes, inflight, workers, latency, http2, faults, cancellationToken);
                foreach (var name in warm.DesiredNames.Take(warmup))
                {
                    warm.Enqueue(name);
                }
                await warm.UntilDoneAsync(warmup, cancellationToken);
                Console.Error.WriteLine($"reconcile: warm-up round {round}: {warmup} namespaces, {System.Runtime.JitInfo.GetCompiledMethodCount() - before} methods compiled");
                if (round == rounds)
                {
                    const int flushes = 80, rows = 50;
                    var compiled = await warm.WarmStatusPathAsync(flushes, rows, cancellationToken);
                    Console.Error.WriteLine($"reconcile: status path warmed with {flushes} flushes of {rows} rows, {compiled} methods compiled");
                }
            }
            if (rounds > 0)
            {
                // The background compiler finishes the promotions the warm-up queued (it gets little CPU while work runs).
                var settle = Stopwatch.StartNew();
                for (var seen = -1L; seen != System.Runtime.JitInfo.GetCompiledMethodCount() && settle.Elapsed < TimeSpan.FromSeconds(30);)
                {
                    seen = System.Runtime.JitInfo.GetCompiledMethodCount();
                    await Task.Delay(500, cancellationToken);
                }
                Console.Error.WriteLine($"reconcile: JIT settled after {settle.Elapsed.TotalSeconds:0.0}s");
            }
            await using var rig = await ReconcileRig.StartAsync("bench", scopes, inflight, workers, latency, http2, faults, cancellationToken);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (rounds > 0)
            {
                var warming = Stopwatch.StartNew();
                var warmed = await rig.WarmDoubleAsync(warmup, rounds, inflight, stop.Token);
                Console.Error.WriteLine($"reconcile: measured double warmed with {warmed} objects under other names in {warming.Elapsed.TotalSeconds:0.0}s");
            }
            Console.Error.WriteLine($"reconcile: {count} namespaces seeded; cold pass with {inflight} in flight, {workers} workers, {latency.TotalMilliseconds} ms latency, " +
                $"{(http2 ? "HTTP/2" : "HTTP/1.1")}, double in its own process{(faults.Count > 0 ? ", faults " + string.Join(' ', faults) : "")}, " +
                $"after {rounds} warm-up round(s) of {warmup} namespaces on other doubles");

            var cold = await ColdPassAsync(rig, count, stop.Token);
            var objects = rig.DesiredObjects();
            var applies = cold.Counters.Applies;
            Console.Error.WriteLine($"reconcile: cold {cold.Elapsed.TotalSeconds:0.00}s, {cold.Requests} requests ({cold.Concurrency}), {objects} desired objects, {applies} applies, {cold.Counters.Passes} passes, final status flush {rig.LastFlush.TotalSeconds:0.00}s; " +
                $"GC gen0/1/2 {cold.Collections[0]}/{cold.Collections[1]}/{cold.Collections[2]}, paused {cold.GcPause.TotalSeconds:0.00}s, " +
                $"allocated {cold.Allocated / 1048576} MiB ({cold.Allocated / Math.Max(1, applies) / 1024} KiB per apply, client_alloc_kb_per_object={cold.Allocated / 1024.0 / objects:0.0}); " +
                $"CPU: Nereid {cold.ClientCpu.TotalSeconds:0.00}s ({cold.ClientCpu.TotalMicroseconds / objects:0} µs/object), " +
                $"double {cold.DoubleCpu.TotalSeconds:0.00}s ({cold.DoubleCpu.TotalMicroseconds / objects:0} µs/object); JIT {cold.JitMethods} methods in {cold.JitTime.TotalSeconds:0.00}s");

            // Let the watches deliver the echoes of our own writes, as they would between resyncs.
            await ReconcileRig.UntilAsync(() => rig.ObservedNamespaces >= count, stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
            var writesBefore = rig.Counters.Writes;
            var steadyRequestsBefore = rig.Requests;
            rig.ClearDone();
            var clock = Stopwatch.StartNew();
            rig.EnqueueAll();
            await rig.UntilDoneAsync(count, stop.Token);
            var steady = clock.Elapsed;
            var steadyWrites = rig.Counters.Writes - writesBefore;
            Console.Error.WriteLine($"reconcile: steady {steady.TotalSeconds:0.00}s, {rig.Requests - steadyRequestsBefore} requests, {steadyWrites} writes, {rig.Counters.Skipped} applies skipped (informer cache matched)");

            // Transport baseline in the same run: as many of the cheapest real requests (GET of one namespace) through
            // the same client, double, latency and in-flight cap as the cold pass had objects. Its time is what this
            // machine does before any apply work.
            var floor = objects * latency.TotalSeconds / inflight;
            var getCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var getDoubleCpuBefore = rig.Kube.CpuTime;
            rig.TakeConcurrency();
            var baseline = await ConcurrentlyAsync(objects, inflight,
                ct => rig.Client.GetAsync<Namespace>(ResourceType.Of<Namespace>(), null, "bench-00000", ct), stop.Token);
            var getConcurrency = rig.TakeConcurrency();
            var getCpu = Process.GetCurrentProcess().TotalProcessorTime - getCpuBefore;
            var getDoubleCpu = rig.Kube.CpuTime - getDoubleCpuBefore;
            // Below that: the same TLS + HTTP/2 + latency to /livez with a plain HttpClient (no JSON, no Kubernetes client).
            using var bare = new HttpClient(KubeHttpHandlerFactory.Create(rig.Connection, new KubernetesClientOptions())) { BaseAddress = rig.Connection.Server };
            var emptyCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var empty = await ConcurrentlyAsync(objects, inflight, async ct =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/livez") { Version = System.Net.HttpVersion.Version20 };
                using var response = await bare.SendAsync(request, ct);
                return await response.Content.ReadAsStringAsync(ct);
            }, stop.Token);
            // What one request costs this process with no Kubernetes client and no JSON: the least any object can cost it.
            var emptyCpu = Process.GetCurrentProcess().TotalProcessorTime - emptyCpuBefore;
            Console.Error.WriteLine($"reconcile: transport baseline {objects} GETs in {baseline.TotalSeconds:0.00}s ({baseline.TotalSeconds / floor:0.00}x floor, {getConcurrency}, " +
                $"Nereid CPU {getCpu.TotalMicroseconds / objects:0} µs/GET, double {getDoubleCpu.TotalMicroseconds / objects:0} µs/GET), {objects} empty /livez requests in {empty.TotalSeconds:0.00}s ({empty.TotalSeconds / floor:0.00}x floor, " +
                $"Nereid CPU {emptyCpu.TotalMicroseconds / objects:0} µs/request); " +
                $"cold pass {cold.Elapsed.TotalSeconds / baseline.TotalSeconds:0.00}x the GET baseline");

            // The least the cold pass's writes can cost here: the same objects applied by a loop that does nothing else,
            // first unwatched, then with the informers Nereid keeps on its own objects (one watch event per object).
            foreach (var (watched, prefix) in new[] { (false, "floor"), (true, "floor-watched") })
            {
                var f = await rig.ApplyFloorAsync(inflight, watched, prefix, stop.Token);
                Console.Error.WriteLine($"reconcile: apply floor{(watched ? " with informers" : "")}: {f.Objects} applies in {f.Elapsed.TotalSeconds:0.00}s " +
                    $"({f.Elapsed.TotalSeconds / baseline.TotalSeconds:0.00}x the GET baseline, {f.Concurrency}), Nereid CPU {f.Cpu.TotalMicroseconds / f.Objects:0} µs/object, " +
                    $"double {f.DoubleCpu.TotalMicroseconds / f.Objects:0} µs/object");
            }

            // Where the cold pass's allocations go (not part of any timing above).
            var stages = await rig.MeasureAllocationsAsync(a.Int("alloc-sample-ns", 100), stop.Token);
            Console.Error.WriteLine($"reconcile: allocation by stage, {stages}");

            ResultLine.Print(Name,
                ("ns", count),
                ("objects", objects),
                ("cold_requests_per_ns", (double)cold.Requests / count),
                ("cold_seconds", cold.Elapsed.TotalSeconds),
                ("floor_seconds", floor),
                ("steady_seconds", steady.TotalSeconds),
                ("steady_writes", steadyWrites),
                ("rss_mb", ProcessMemory.RssMegabytes()),
                ("client_cpu_us_per_object", cold.ClientCpu.TotalMicroseconds / objects),
                ("get_baseline_seconds", baseline.TotalSeconds));
            return 0;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Runs <paramref name="requests"/> calls of <paramref name="call"/>, <paramref name="inflight"/> at a time.</summary>
    private static async Task<TimeSpan> ConcurrentlyAsync<T>(int requests, int inflight, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var next = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inflight).Select(async worker =>
        {
            while (Interlocked.Increment(ref next) <= requests)
            {
                _ = await call(cancellationToken);
            }
        }));
        return clock.Elapsed;
    }

    /// <summary>The measured cold pass: every key enqueued on an empty cluster, until each finished a pass.</summary>
    private static async Task<ColdPass> ColdPassAsync(ReconcileRig rig, int count, CancellationToken cancellationToken)
    {
        var requestsBefore = rig.Requests;
        int[] gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var pauseBefore = GC.GetTotalPauseDuration();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var doubleCpuBefore = rig.Kube.CpuTime;
        var (jitBefore, jitTimeBefore) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        rig.TakeConcurrency();
        rig.EnqueueAll();
        await rig.UntilDoneAsync(count, cancellationToken);
        var elapsed = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return new ColdPass(elapsed, rig.TakeConcurrency(), rig.Requests - requestsBefore, cpu, rig.Kube.CpuTime - doubleCpuBefore,
            GC.GetTotalAllocatedBytes() - allocatedBefore, GC.GetTotalPauseDuration() - pauseBefore,
            [GC.CollectionCount(0) - gcBefore[0], GC.CollectionCount(1) - gcBefore[1], GC.CollectionCount(2) - gcBefore[2]],
            System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore, System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore, rig.Counters);
    }

    private sealed record ColdPass(TimeSpan Elapsed, Concurrency Concurrency, long Requests, TimeSpan ClientCpu, TimeSpan DoubleCpu, long Allocated, TimeSpan GcPause,
        int[] Collections, long JitMethods, TimeSpan JitTime, (long Passes, long Applies, long Writes, long Skipped) Counters);

    internal static async Task<IHost> DatabaseHostAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Nereid:Database:Provider"] = "Sqlite";
        builder.Configuration["Nereid:Database:DataDirectory"] = dataDirectory;
        builder.Logging.ClearProviders();
        builder.AddNereidData();
        var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        return host;
    }

    internal static async Task SeedAsync(IServiceProvider services, int count, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var people = Enumerable.Range(0, 50).Select(i =>
        {
            var p = new Person { DisplayName = $"Person {i}", Tier = Tier.User, CreatedAt = now };
            p.SetEmail($"person{i}@example.edu");
            return p;
        }).ToList();
        db.AddRange(people);
        for (var i = 0; i < count; i++)
        {
            var ns = new NereidNamespace { Name = $"bench-{i:D5}", Institution = "UC San Diego", Pis = ["Prof. Example"], Description = "Benchmark namespace.",
                CreatedById = people[0].Id, CreatedAt = now, Version = 0 };
            ns.Memberships.Add(new Membership { PersonId = people[i % 50].Id, Role = MembershipRole.Admin, AddedAt = now });
            ns.Memberships.Add(new Membership { PersonId = people[(i + 1) % 50].Id, Role = MembershipRole.Member, AddedAt = now });
            ns.Touch(now);
            db.Add(ns);
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
