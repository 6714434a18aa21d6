using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nereid.Bench.Reporting;
using Nereid.Data;
using Nereid.Data.Database;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Clusters;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// <c>reconcile</c>: <c>--ns</c> namespaces (2000) in a SQLite database projected into the in-process Kubernetes double
/// (schema validation off, <c>--latency-ms</c> 2 per request), client limited to <c>--inflight</c> (16) requests, HTTP/2
/// unless <c>--http 1.1</c>. After <c>--warmup-rounds</c> (3) passes over <c>--warmup-ns</c> (200) namespaces on separate
/// doubles and a wait for the background JIT to go quiet (not measured; run with the tiering delay off): a cold pass
/// over every key, then a full resync with nothing changed, then a transport baseline. Requests are counted by the double.
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
        var latency = TimeSpan.FromMilliseconds(a.Int("latency-ms", 2));
        var warmup = Math.Min(a.Int("warmup-ns", 200), count);
        var dir = Directory.CreateTempSubdirectory("nereid-bench-reconcile-");
        try
        {
            using var host = await DatabaseHostAsync(dir.FullName, cancellationToken);
            await SeedAsync(host.Services, count, cancellationToken);
            var scopes = host.Services.GetRequiredService<IServiceScopeFactory>();
            var http2 = a.String("http") != "1.1";
            // "Cold" is the cluster's state, not the JIT's: a running server has compiled this code long before it
            // meets a new cluster. Warm-up rounds on separate doubles (not measured) bring the hot code to tier 1
            // (with the tiering delay off, see TieringRelaunch); the methods each round compiles go to stderr.
            var rounds = warmup > 0 ? a.Int("warmup-rounds", 3) : 0;
            for (var round = 1; round <= rounds; round++)
            {
                var before = System.Runtime.JitInfo.GetCompiledMethodCount();
                await using var warm = await ReconcileRig.StartAsync($"warm-up-{round}", scopes, inflight, latency, http2, cancellationToken);
                foreach (var name in warm.Controller.Desired.Names.Take(warmup))
                {
                    warm.Controller.Queue.Add(new NamespaceKey(name));
                }
                await warm.UntilDoneAsync(warmup, cancellationToken);
                Console.Error.WriteLine($"reconcile: warm-up round {round}: {warmup} namespaces, {System.Runtime.JitInfo.GetCompiledMethodCount() - before} methods compiled");
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
            await using var rig = await ReconcileRig.StartAsync("bench", scopes, inflight, latency, http2, cancellationToken);
            var (kube, client, controller, done) = (rig.Kube, rig.Client, rig.Controller, rig.Done);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Console.Error.WriteLine($"reconcile: {count} namespaces seeded; cold pass with {inflight} in flight, {latency.TotalMilliseconds} ms latency, " +
                $"{(http2 ? "HTTP/2" : "HTTP/1.1")}, after {rounds} warm-up round(s) of {warmup} namespaces on other doubles");

            var requestsBefore = Requests(kube);
            int[] gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            var pauseBefore = GC.GetTotalPauseDuration();
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var (jitBefore, jitTimeBefore) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
            var clock = Stopwatch.StartNew();
            controller.EnqueueAll();
            await rig.UntilDoneAsync(count, stop.Token);
            var cold = clock.Elapsed;
            var coldRequests = Requests(kube) - requestsBefore;
            var projection = new ProjectionOptions();
            var objects = controller.Desired.Names.Sum(n => NamespaceProjection.Build(controller.Desired.Get(n)!.Snapshot, projection).Objects.Count());
            Console.Error.WriteLine($"reconcile: cold {cold.TotalSeconds:0.00}s, {coldRequests} requests, {objects} desired objects, {controller.Stats.Applies} applies, {controller.Stats.Passes} passes; " +
                $"GC gen0/1/2 {GC.CollectionCount(0) - gcBefore[0]}/{GC.CollectionCount(1) - gcBefore[1]}/{GC.CollectionCount(2) - gcBefore[2]}, " +
                $"paused {(GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds:0.00}s, allocated {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1048576} MiB, cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds:0.00}s, " +
                $"JIT {System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore} methods in {(System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore).TotalSeconds:0.00}s");

            // Let the watches deliver the echoes of our own writes, as they would between resyncs.
            await ReconcileRig.UntilAsync(() => controller.Observed.NamespaceNames.Count() >= count, stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
            var writesBefore = controller.Stats.Writes;
            var steadyRequestsBefore = Requests(kube);
            done.Clear();
            clock.Restart();
            controller.EnqueueAll();
            await rig.UntilDoneAsync(count, stop.Token);
            var steady = clock.Elapsed;
            var steadyWrites = controller.Stats.Writes - writesBefore;
            Console.Error.WriteLine($"reconcile: steady {steady.TotalSeconds:0.00}s, {Requests(kube) - steadyRequestsBefore} requests, {steadyWrites} writes, {controller.Stats.Skipped} applies skipped (informer cache matched)");

            // Transport baseline in the same run: as many of the cheapest real requests (GET of one namespace) through
            // the same client, latency and in-flight cap. Its time is what this machine can do before any apply work.
            var floor = objects * latency.TotalSeconds / inflight;
            var baseline = await ConcurrentlyAsync(objects, inflight,
                ct => client.GetAsync<Namespace>(ResourceType.Of<Namespace>(), null, "bench-00000", ct), stop.Token);
            // Below that: the same TLS + HTTP/2 + latency to /livez with a plain HttpClient (no JSON, no Kubernetes client).
            using var bare = new HttpClient(KubeHttpHandlerFactory.Create(rig.Connection, new KubernetesClientOptions())) { BaseAddress = kube.BaseAddress };
            var empty = await ConcurrentlyAsync(objects, inflight, async ct =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/livez") { Version = System.Net.HttpVersion.Version20 };
                using var response = await bare.SendAsync(request, ct);
                return await response.Content.ReadAsStringAsync(ct);
            }, stop.Token);
            Console.Error.WriteLine($"reconcile: transport baseline {objects} GETs in {baseline.TotalSeconds:0.00}s ({baseline.TotalSeconds / floor:0.00}x floor), " +
                $"{objects} empty /livez requests in {empty.TotalSeconds:0.00}s ({empty.TotalSeconds / floor:0.00}x floor); cold pass {cold.TotalSeconds / baseline.TotalSeconds:0.00}x the GET baseline");

            ResultLine.Print(Name,
                ("ns", count),
                ("objects", objects),
                ("cold_requests_per_ns", (double)coldRequests / count),
                ("cold_seconds", cold.TotalSeconds),
                ("floor_seconds", objects * latency.TotalSeconds / inflight),
                ("steady_seconds", steady.TotalSeconds),
                ("steady_writes", steadyWrites),
                ("rss_mb", ProcessMemory.RssMegabytes()));
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

    private static long Requests(KubeApiDouble kube) => kube.RequestLog.RequestCount;

    private static async Task<IHost> DatabaseHostAsync(string dataDirectory, CancellationToken cancellationToken)
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

    private static async Task SeedAsync(IServiceProvider services, int count, CancellationToken cancellationToken)
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
