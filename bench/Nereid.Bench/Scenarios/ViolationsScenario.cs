using Nereid.Bench.Prerequisites;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nereid.Bench.Reporting;
using Nereid.Data.Database;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Config;
using Nereid.Kubernetes.Models;
using Nereid.Server.Audit;
using Nereid.Server.Clusters;
using Nereid.Server.Runtime;
using Nereid.Server.Extensions;
using Nereid.Server.Policies;
using Nereid.Server.Resources;
using Nereid.TestSupport.Prometheus;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// <c>violations</c>: one steady policy scan (ViolationScanner: Pods/Deployments/Jobs from informer caches synced beforehand
/// against the in-process Kubernetes double, one PromQL query per usage policy against a real Prometheus holding 6 h of backfilled DCGM history,
/// evaluation, and violation upserts into SQLite). Options: <c>--pods</c> (20000), <c>--series</c> (10000),
/// <c>--step-minutes</c> between backfilled samples (10), <c>--idle-percent</c> of GPU pods below 40 % (5).
/// </summary>
public sealed class ViolationsScenario : IBenchScenario
{
    /// <inheritdoc />
    public string Name => "violations";

    /// <inheritdoc />
    public IReadOnlyCollection<Prerequisite> Prerequisites => [Prerequisite.Prometheus];

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var o = new BenchArguments(args);
        var pods = o.Int("pods", 20000);
        var series = Math.Min(o.Int("series", 10000), pods);
        var step = TimeSpan.FromMinutes(o.Int("step-minutes", 10));
        var idleEvery = Math.Max(1, 100 / Math.Max(1, o.Int("idle-percent", 5)));
        var now = DateTimeOffset.UtcNow;
        var work = Path.Combine(Path.GetTempPath(), "nereid-bench-violations-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            Console.Error.WriteLine($"violations: backfilling {series} GPU series over 6 h every {step.TotalMinutes} min with promtool…");
            var history = new OpenMetricsBuilder();
            for (var i = 0; i < series; i++)
            {
                var pct = i % idleEvery == 0 ? 5.0 : 70.0;
                history.Gauge("DCGM_FI_DEV_GPU_UTIL", new Dictionary<string, string>
                {
                    ["gpu"] = (i % 8).ToString(System.Globalization.CultureInfo.InvariantCulture), ["Hostname"] = $"node-{i / 8}",
                    ["namespace"] = Ns(i), ["pod"] = PodName(i), ["container"] = "main",
                }, now.AddHours(-6), now.AddMinutes(-1), step, _ => pct);
            }
            var tsdb = Path.Combine(work, "tsdb");
            await PrometheusBlocks.CreateFromOpenMetricsAsync(history.ToString(), tsdb, cancellationToken);
            await using var prometheus = await PrometheusServer.StartAsync([], TimeSpan.FromSeconds(15), tsdb, cancellationToken);

            Console.Error.WriteLine($"violations: seeding {pods} pods into the Kubernetes double…");
            await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions
            {
                TimeProvider = new FakeTimeProvider(now.AddHours(-8)), RecordRequests = false, SeedObjects = Seed(pods, series),
            }, cancellationToken);
            using var client = new KubeClient(new KubeClusterConnection
            {
                Server = kube.BaseAddress, CertificateAuthorities = PemCertificates.LoadBundle(kube.CaCertificatePem),
                Credentials = new StaticTokenProvider(KubeDoubleOptions.DefaultAdminToken),
            }, new KubernetesClientOptions(), TimeProvider.System, NullLogger<KubeClient>.Instance);

            using var host = BuildHost(work, prometheus.BaseAddress, new StaticClusterConnections([new ConnectedCluster("bench", client, new ClusterPublicInfo(kube.BaseAddress.ToString(), "", "nereid", null))]));
            await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            var enabled = CountEnabled(host.Services.GetRequiredService<IOptions<PolicyOptions>>().Value);

            // As in a running server, the informers (the Resources pod informer the scan shares, and the scan's own Deployment
            // and Job informers) are synced before any measured scan; the sync is reported on its own line.
            var syncWatch = Stopwatch.StartNew();
            var runtimes = host.Services.GetRequiredService<ClusterRuntimeHost>();
            await runtimes.StartAsync(cancellationToken);
            var cache = host.Services.GetRequiredService<WorkloadCache>();
            cache.EnsureStarted(host.Services.GetRequiredService<IClusterConnections>().Clusters);
            await cache.WaitForSyncAsync(cancellationToken);
            var cached = cache.TryGet("bench")!;
            Console.Error.WriteLine($"violations: initial sync {syncWatch.Elapsed.TotalSeconds:0.00}s ({cached.Pods.Count} pods, {cached.Deployments.Count} deployments, {cached.Jobs.Count} jobs)");
            var first = await TimedScanAsync(host.Services, cancellationToken);
            Console.Error.WriteLine($"violations: first scan {first.Seconds:0.00}s ({first.Result.Opened} opened, {first.Result.PromqlQueries} queries, {first.Result.CachedClusters} cluster(s) from caches)");
            var steady = await TimedScanAsync(host.Services, cancellationToken);
            var r = steady.Result;
            Console.Error.WriteLine($"violations: steady scan {steady.Seconds:0.00}s ({r.Findings} findings, {r.OpenViolations} open): workloads {r.ListTime.TotalSeconds:0.00}s ({r.CachedClusters} cached, {r.ListedClusters} listed), "
                + $"PromQL {r.QueryTime.TotalSeconds:0.00}s, evaluate {r.EvaluateTime.TotalSeconds:0.00}s, database/notices/enforcement {r.RecordTime.TotalSeconds:0.00}s");
            await runtimes.StopAsync(CancellationToken.None);
            ResultLine.Print(Name, ("pods", pods), ("series", series), ("policies", enabled), ("scan_seconds", steady.Seconds),
                ("promql_queries", steady.Result.PromqlQueries), ("rss_mb", ProcessMemory.RssMegabytes()));
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<(double Seconds, ScanResult Result)> TimedScanAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var watch = Stopwatch.StartNew();
        var result = await scope.ServiceProvider.GetRequiredService<ViolationScanner>().ScanAsync(ct);
        return (watch.Elapsed.TotalSeconds, result);
    }

    private static IHost BuildHost(string work, Uri prometheus, IClusterConnections clusters)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Nereid:Database:Provider"] = "sqlite", ["Nereid:Database:DataDirectory"] = work,
            ["Nereid:Policies:PrometheusUrl"] = prometheus.ToString(), ["Nereid:Policies:Enabled"] = "false",
            ["Nereid:Policies:ListPageSize"] = ListPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.AddNereidData();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(clusters);
        builder.Services.AddScoped<AuditLog>();
        builder.AddNereidResources();
        builder.AddNereidPolicies();
        // The cluster runtime (shared informers) with only the read-only controllers registered above: no leader, no reconciler.
        builder.Services.AddOptions<ReconcilerOptions>();
        builder.Services.AddSingleton<ClusterRuntimeHost>();
        return builder.Build();
    }

    /// <summary>Page size of the scan's lists here; the double re-reads its store per continue page, so small pages cost it most.</summary>
    private const int ListPageSize = 5000;

    private static int CountEnabled(PolicyOptions o) =>
        new[] { o.GpuIdle.Enabled, o.Cpu.Enabled, o.Memory.Enabled, o.Limits.Enabled, o.BarePods.Enabled, o.Deployments.Enabled, o.SleepJobs.Enabled, o.PodBudget.Enabled }.Count(e => e);

    // Namespace by Deployment (ten pods each), so the seed really has one Deployment per 10 pods (2,000), not one per pod.
    private static string Ns(int i) => $"team-{i / 10 % 200:D3}";

    private static string PodName(int i) => $"work-{i / 10:D5}-6c9f-{i:D5}";

    /// <summary>200 namespaces, one Deployment per 10 pods, pods owned by the Deployments' ReplicaSets; the first <paramref name="gpuPods"/> request a GPU.</summary>
    private static List<JsonObject> Seed(int pods, int gpuPods)
    {
        var seed = new List<JsonObject>();
        for (var n = 0; n < 200; n++)
            seed.Add(Node(new Namespace { Metadata = { Name = $"team-{n:D3}" } }));
        var deployments = new HashSet<(string, string)>();
        for (var i = 0; i < pods; i++)
        {
            var ns = Ns(i);
            var deployment = $"work-{i / 10:D5}";
            if (deployments.Add((ns, deployment)))
            {
                seed.Add(Node(new Deployment
                {
                    Metadata = { Name = deployment, Namespace = ns },
                    Spec = new DeploymentSpec { Replicas = 1, Selector = new LabelSelector { MatchLabels = new() { ["app"] = deployment } },
                        Template = new PodTemplateSpec { Metadata = new ObjectMeta { Labels = new() { ["app"] = deployment } }, Spec = Spec(i < gpuPods) } },
                }));
            }
            var pod = new Pod { Metadata = { Name = PodName(i), Namespace = ns, Annotations = new() { [WorkloadSnapshot.CreatedByKey] = $"user{i % 997}@example.edu" } }, Spec = Spec(i < gpuPods) };
            pod.Metadata.OwnerReferences = [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = deployment + "-6c9f", Uid = Guid.NewGuid().ToString(), Controller = true }];
            pod.Spec!.NodeName = $"node-{i / 8}";
            seed.Add(Node(pod));
        }
        return seed;
    }

    private static PodSpec Spec(bool gpu)
    {
        var requests = new Dictionary<string, Nereid.Kubernetes.Quantities.Quantity> { ["cpu"] = "2", ["memory"] = "8Gi" };
        if (gpu)
            requests["nvidia.com/gpu"] = "1";
        return new PodSpec { Containers = [new Container { Name = "main", Image = "pytorch/pytorch", Resources = new ResourceRequirements { Requests = requests, Limits = new(requests) } }] };
    }

    private static JsonObject Node<T>(T obj) where T : KubeObject =>
        JsonSerializer.SerializeToNode(obj, KubeJson.TypeInfo<T>())!.AsObject();
}
