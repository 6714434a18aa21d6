using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nereid.Bench.Reporting;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.KubeDouble.CustomResources;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;
using Nereid.Server.Runtime;
using Nereid.Server.Storage.S3;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// <c>storage</c>: <c>--ns</c> namespaces (2000) with <c>--members</c> (5) members each in a SQLite database, so as many
/// S3 users; Nereid's S3 user controller (leader-only, in a real <see cref="ClusterRuntime"/> with its shared informers
/// and Lease) against the Kubernetes API double in its own process with Rook's CRDs, <c>--latency-ms</c> (2) per
/// request, the client limited to <c>--inflight</c> (16) requests. Cold: from the runtime's start until every
/// CephObjectStoreUser exists and a pass after the last apply changed nothing; requests counted by the client's handler.
/// Steady: <c>--steady-passes</c> (3) more full resyncs with nothing changed; writes to cephobjectstoreusers counted.
/// Nobody answers the users' status here (no Rook stand-in): the measure is Nereid's requests.
/// </summary>
public sealed class StorageScenario : IBenchScenario
{
    private const string StoreNamespace = "rook-ceph";

    /// <inheritdoc />
    public string Name => "storage";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var a = new BenchArguments(args);
        var count = a.Int("ns", 2000);
        var members = a.Int("members", 5);
        var inflight = a.Int("inflight", 16);
        var latency = TimeSpan.FromMilliseconds(a.Int("latency-ms", 2));
        var steadyPasses = a.Int("steady-passes", 3);
        var users = count * members;
        var crds = CrdLoader.LocateReference("rook") ?? throw new DirectoryNotFoundException("shared/reference/rook (Rook's CRDs) not found");
        var dir = Directory.CreateTempSubdirectory("nereid-bench-storage-");
        try
        {
            using var host = await ReconcileScenario.DatabaseHostAsync(dir.FullName, cancellationToken);
            await SeedAsync(host.Services, count, members, cancellationToken);
            await using var cluster = await DoubleCluster.StartAsync(latency, inflight, cancellationToken, extraArguments: ["--crds", crds],
                writesOf: S3UserNames.CephObjectStoreUser.Plural);
            var (client, counter) = (cluster.Client, cluster.Counter);
            foreach (var ns in new[] { "nereid-system", StoreNamespace })
            {
                await client.CreateAsync(ResourceType.Of<Namespace>(), new Namespace { Metadata = new ObjectMeta { Name = ns } }, cancellationToken);
            }

            var store = new ObjectStoreOptions { Name = "bench-store", Namespace = StoreNamespace, ResyncInterval = TimeSpan.FromSeconds(2) };
            var controller = new S3UserController(host.Services.GetRequiredService<IServiceScopeFactory>(), Options.Create(store), TimeProvider.System,
                NullLogger<S3UserController>.Instance);
            var runtime = new ClusterRuntime(new ConnectedCluster("bench", client, new ClusterPublicInfo("https://bench", "", "nereid", null)), [controller],
                RuntimeSettings.From(new ReconcilerOptions { Identity = "bench" }), TimeProvider.System, NullLoggerFactory.Instance);
            Console.Error.WriteLine($"storage: {count} namespaces × {members} members = {users} S3 users; double in its own process with Rook's CRDs, " +
                $"{latency.TotalMilliseconds} ms latency, {inflight} requests in flight");

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var requestsBefore = counter.Requests;
            var clock = Stopwatch.StartNew();
            var running = runtime.RunAsync(stop.Token);
            await UntilConvergedAsync(controller, users, running, stop.Token);
            var coldSeconds = clock.Elapsed.TotalSeconds;
            var coldRequests = counter.Requests - requestsBefore;
            Console.Error.WriteLine($"storage: cold {coldSeconds:0.00}s, {coldRequests} requests ({controller.Applies} applies, {counter.Gets} GETs, " +
                $"{controller.Passes} passes)");

            var writesBefore = counter.WritesTo;
            var (passesBefore, appliesBefore) = (controller.Passes, controller.Applies);
            var steady = Stopwatch.StartNew();
            while (controller.Passes < passesBefore + steadyPasses + 1)
            {
                await Task.Delay(50, stop.Token);
            }
            var steadyWrites = counter.WritesTo - writesBefore;
            Console.Error.WriteLine($"storage: steady {controller.Passes - passesBefore} passes in {steady.Elapsed.TotalSeconds:0.00}s, " +
                $"{controller.Applies - appliesBefore} applies, {steadyWrites} writes to {S3UserNames.CephObjectStoreUser.Plural}");
            var rss = ProcessMemory.RssMegabytes();
            await stop.CancelAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
                // Stopped on purpose.
            }

            ResultLine.Print(Name,
                ("users", users),
                ("cold_requests_per_user", (double)coldRequests / users),
                ("cold_seconds", coldSeconds),
                ("steady_writes", steadyWrites),
                ("rss_mb", rss));
            return 0;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Until every user was applied and a pass that began after the last apply finished without one.</summary>
    private static async Task UntilConvergedAsync(S3UserController controller, int users, Task running, CancellationToken ct)
    {
        var applies = -1L;
        var passesAtLastApply = 0L;
        while (true)
        {
            if (running.IsCompleted)
                await running; // surfaces the failure
            var (passes, now) = (controller.Passes, controller.Applies);
            if (now != applies)
            {
                (applies, passesAtLastApply) = (now, passes);
            }
            else if (applies >= users && passes >= passesAtLastApply + 2)
            {
                return;
            }
            await Task.Delay(20, ct);
        }
    }

    private static async Task SeedAsync(IServiceProvider services, int count, int members, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var people = Enumerable.Range(0, 1000).Select(i =>
        {
            var p = new Person { DisplayName = $"Person {i}", Tier = Tier.User, CreatedAt = now };
            p.SetEmail($"person{i}@example.edu");
            return p;
        }).ToList();
        db.AddRange(people);
        for (var i = 0; i < count; i++)
        {
            var ns = new NereidNamespace { Name = $"lab-{i:D5}", Institution = "UC San Diego", Pis = ["Prof. Example"], Description = "Benchmark namespace.",
                CreatedById = people[0].Id, CreatedAt = now, Version = 0 };
            for (var m = 0; m < members; m++)
            {
                // Distinct people within a namespace: members*i + m walks the list without repeats inside one namespace.
                ns.Memberships.Add(new Membership { PersonId = people[(i * members + m) % people.Count].Id, Role = m == 0 ? MembershipRole.Admin : MembershipRole.Member, AddedAt = now });
            }
            ns.Touch(now);
            db.Add(ns);
        }
        await db.SaveChangesAsync(ct);
    }
}
