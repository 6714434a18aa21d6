using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nereid.Bench.Reporting;
using Nereid.Data;
using Nereid.Domain.Clusters;
using Nereid.Domain.Namespaces;
using Nereid.KubeDouble.CustomResources;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Clusters;
using Nereid.Server.Federation;
using Nereid.Server.Placement;
using Nereid.Server.Runtime;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// <c>federation</c>: <c>--clusters</c> (3) Kubernetes API doubles, each in its own process with Admiralty's CRDs,
/// <c>--latency-ms</c> (2) per request and Nereid's client limited to <c>--inflight</c> (16) requests per cluster;
/// <c>--ns</c> (1000) namespaces in a SQLite database, placed on every cluster (no placement rows: every connected
/// cluster), <c>--federated</c> (300) of them federated. One real <see cref="ClusterRuntime"/> per cluster runs the
/// namespace reconciler and the federation controller as its leader, with shared informers and a Lease. Cold: from
/// the runtimes' start to the last write, once every federated namespace is stored Ready on every cluster, the namespace
/// reconciler passed every namespace, and two federation passes per cluster changed nothing. Requests are every
/// request the three clients sent (lists, watches, discovery, Lease, applies, TokenRequests). Steady: every namespace
/// reconciled again and <c>--steady-passes</c> (3) federation passes per cluster; writes are non-GET requests other
/// than the Lease's renewals.
/// </summary>
public sealed class FederationScenario : IBenchScenario
{
    /// <summary>Objects per federated namespace, cluster and peer: Target and Secret as a source, ServiceAccount, RoleBinding and Source as a target.</summary>
    private const int ObjectsPerPeer = 5;

    /// <inheritdoc />
    public string Name => "federation";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var a = new BenchArguments(args);
        var clusterCount = a.Int("clusters", 3);
        var count = a.Int("ns", 1000);
        var federatedCount = Math.Min(a.Int("federated", 300), count);
        var inflight = a.Int("inflight", 16);
        var latency = TimeSpan.FromMilliseconds(a.Int("latency-ms", 2));
        var steadyPasses = a.Int("steady-passes", 3);
        var resync = a.Seconds("resync", TimeSpan.FromSeconds(1));
        var crds = CrdLoader.LocateReference("admiralty") ?? throw new DirectoryNotFoundException("shared/reference/admiralty (Admiralty's CRDs) not found");
        var dir = Directory.CreateTempSubdirectory("nereid-bench-federation-");
        var clusters = new List<DoubleCluster>();
        try
        {
            using var host = await ReconcileScenario.DatabaseHostAsync(dir.FullName, cancellationToken);
            await ReconcileScenario.SeedAsync(host.Services, count, cancellationToken);
            await FederateAsync(host.Services, count, federatedCount, cancellationToken);
            var scopes = host.Services.GetRequiredService<IServiceScopeFactory>();
            for (var i = 0; i < clusterCount; i++)
            {
                var cluster = await DoubleCluster.StartAsync(latency, inflight, cancellationToken, extraArguments: ["--crds", crds]);
                clusters.Add(cluster);
                await cluster.Client.CreateAsync(ResourceType.Of<Namespace>(), new Namespace { Metadata = new ObjectMeta { Name = "nereid-system" } },
                    cancellationToken);
            }
            var connected = clusters.Select((c, i) => new ConnectedCluster($"cluster-{i}", c.Client, new ClusterPublicInfo(c.Connection.Server.ToString(),
                string.Concat(c.Connection.CertificateAuthorities.Select(ca => ca.ExportCertificatePem() + "\n")), "nereid", $"region-{i}"))).ToList();

            var reconciler = new ReconcilerOptions { Identity = "bench" };
            var namespaces = new NamespaceControllers(scopes, Options.Create(reconciler), Options.Create(new ProjectionOptions()),
                Options.Create(new List<ClusterOptions>()), TimeProvider.System, NullLoggerFactory.Instance);
            var status = new FederationStatus(scopes);
            var federation = new FederationController(scopes, new StaticClusterConnections(connected),
                Options.Create(new FederationOptions { ResyncInterval = resync }), Options.Create(new PlacementOptions()), status, TimeProvider.System,
                NullLogger<FederationController>.Instance);
            var runtimes = connected.Select(c => new ClusterRuntime(c, [namespaces, federation], RuntimeSettings.From(reconciler), TimeProvider.System,
                NullLoggerFactory.Instance)).ToList();
            Console.Error.WriteLine($"federation: {clusterCount} clusters × {count} namespaces, {federatedCount} federated; doubles in their own processes " +
                $"with Admiralty's CRDs, {latency.TotalMilliseconds} ms latency, {inflight} requests in flight per cluster");

            long Requests() => clusters.Sum(c => c.Counter.Requests);
            long Writes() => clusters.Sum(c => c.Counter.Writes);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var requestsBefore = Requests();
            var clock = Stopwatch.StartNew();
            var running = Task.WhenAll(runtimes.Select(r => r.RunAsync(stop.Token)));
            var coldSeconds = await UntilConvergedAsync(namespaces, federation, scopes, connected, count, federatedCount, Writes, clock, running, stop.Token);
            var coldRequests = Requests() - requestsBefore;
            var namespaceObjects = connected.Sum(c =>
            {
                var desired = namespaces.Controllers[c.Name].Desired;
                return desired.Names.Sum(n => NamespaceProjection.Build(desired.Get(n)!.Snapshot, new ProjectionOptions()).Objects.Count());
            });
            var federationObjects = federatedCount * clusterCount * (clusterCount - 1) * ObjectsPerPeer;
            var objects = namespaceObjects + federationObjects;
            Console.Error.WriteLine($"federation: cold {coldSeconds:0.00}s to the last write, {coldRequests} requests for {namespaceObjects} namespace " +
                $"and {federationObjects} federation objects ({federation.Applies} federation applies, {federation.TokenRequests} TokenRequests, " +
                $"{clusters.Sum(c => c.Counter.Gets)} GETs, {federation.Passes} federation passes)");

            // Steady: nothing changed; every namespace reconciled again and a few federation passes on every cluster.
            var writesBefore = Writes();
            var statusRowsBefore = status.RowWrites;
            var passesBefore = federation.Passes;
            var nsPassesBefore = connected.ToDictionary(c => c.Name, c => namespaces.Controllers[c.Name].Stats.Passes);
            var steady = Stopwatch.StartNew();
            foreach (var c in connected)
            {
                namespaces.Controllers[c.Name].EnqueueAll();
            }
            while (federation.Passes < passesBefore + (steadyPasses + 1) * clusterCount
                   || connected.Any(c => namespaces.Controllers[c.Name].Stats.Passes < nsPassesBefore[c.Name] + count))
            {
                await Task.Delay(50, stop.Token);
            }
            var steadyWrites = Writes() - writesBefore;
            Console.Error.WriteLine($"federation: steady {federation.Passes - passesBefore} federation passes and every namespace reconciled in " +
                $"{steady.Elapsed.TotalSeconds:0.00}s: {steadyWrites} writes to the clusters, {status.RowWrites - statusRowsBefore} status rows written");
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
                ("clusters", clusterCount),
                ("ns", count),
                ("objects", objects),
                ("cold_requests_per_object", (double)coldRequests / objects),
                ("cold_seconds", coldSeconds),
                ("steady_writes", steadyWrites));
            return 0;
        }
        finally
        {
            foreach (var cluster in clusters)
            {
                await cluster.DisposeAsync();
            }
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Until every federated namespace is stored Ready on every cluster, every namespace was reconciled on every cluster,
    /// and two federation passes per cluster began after the last write; returns the seconds to that last write.
    /// </summary>
    private static async Task<double> UntilConvergedAsync(NamespaceControllers namespaces, FederationController federation, IServiceScopeFactory scopes,
        IReadOnlyList<ConnectedCluster> clusters, int count, int federatedCount, Func<long> writes, Stopwatch clock, Task running, CancellationToken ct)
    {
        var (lastWrites, lastWriteAt, passesAtLastWrite) = (-1L, 0.0, 0L);
        while (true)
        {
            if (running.IsCompleted)
                await running; // surfaces the failure
            var (now, passes) = (writes(), federation.Passes);
            if (now != lastWrites)
            {
                (lastWrites, lastWriteAt, passesAtLastWrite) = (now, clock.Elapsed.TotalSeconds, passes);
            }
            else if (passes >= passesAtLastWrite + 2 * clusters.Count
                     && clusters.All(c => namespaces.Controllers.TryGetValue(c.Name, out var n) && n.Stats.Passes >= count)
                     && await ReadyAsync(scopes, ct) == federatedCount * clusters.Count)
            {
                return lastWriteAt;
            }
            await Task.Delay(50, ct);
        }
    }

    private static async Task<int> ReadyAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<FederationClusterStatus>()
            .CountAsync(s => s.Namespace != "" && s.Condition == "Ready", ct);
    }

    /// <summary>Switches federation on for <paramref name="federated"/> of the seeded namespaces, spread evenly over them.</summary>
    private static async Task FederateAsync(IServiceProvider services, int count, int federated, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var names = Enumerable.Range(0, federated).Select(i => $"bench-{(long)i * count / federated:D5}").ToList();
        var rows = await db.Set<NereidNamespace>().Where(n => names.Contains(n.Name)).Select(n => new { n.Id, n.CreatedById }).ToListAsync(ct);
        db.AddRange(rows.Select(r => NamespaceFederation.On(r.Id, r.CreatedById, now)));
        await db.SaveChangesAsync(ct);
    }
}
