using Microsoft.Extensions.Options;
using Nereid.Domain.Policies;
using Nereid.Kubernetes.Models;
using Nereid.Server.Policies;
using Nereid.TestSupport.Prometheus;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>The default 6 h window over real Prometheus history backfilled with promtool.</summary>
public sealed class GpuHistoryTests
{
    [Fact]
    public async Task CollectAsync_SixHoursOfHistory_FlagsIdlePodsByPodLabelsOldLabelsAndNode()
    {
        var now = DateTimeOffset.UtcNow;
        var history = new OpenMetricsBuilder();
        void Gpu(double pct, params (string, string)[] labels) =>
            history.Gauge("DCGM_FI_DEV_GPU_UTIL", labels.Append(("gpu", "0")).ToDictionary(l => l.Item1, l => l.Item2), now.AddHours(-6), now.AddMinutes(-1), TimeSpan.FromMinutes(5), _ => pct);
        Gpu(5, ("Hostname", "n1"), ("namespace", "lab"), ("pod", "idle"));
        Gpu(60, ("Hostname", "n2"), ("namespace", "lab"), ("pod", "busy"));
        Gpu(3, ("Hostname", "n3"), ("pod_namespace", "lab"), ("pod_name", "old-exporter"));
        Gpu(1, ("hostname", "n4"));
        var tsdb = Path.Combine(Path.GetTempPath(), "nereid-gpu-history-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await PrometheusBlocks.CreateFromOpenMetricsAsync(history.ToString(), tsdb);
            await using var prometheus = await PrometheusServer.StartAsync([], TimeSpan.FromSeconds(15), tsdb);
            var options = new PolicyOptions { PrometheusUrl = prometheus.BaseAddress };
            using var http = new HttpClient();
            var client = new PrometheusClient(http, Options.Create(options));

            var usage = await new UsageCollector(client, Options.Create(options)).CollectAsync(now, default);
            var snapshot = new WorkloadSnapshot();
            snapshot.Add("c1", [Pod("idle", "n1"), Pod("busy", "n2"), Pod("old-exporter", "n3"), Pod("by-node", "n4")], [], []);
            var findings = new PolicyEvaluator(options).Evaluate(snapshot, usage, [], now);

            client.QueryCount.ShouldBe(3);
            findings.Where(f => f.Policy == PolicyKind.GpuIdle).Select(f => f.PodName).Order().ShouldBe(["by-node", "idle", "old-exporter"]);
        }
        finally
        {
            Directory.Delete(tsdb, recursive: true);
        }
    }

    [Fact]
    public async Task CollectAsync_SeriesWithClusterLabel_MatchOnlyTheirClusterAndUnlabelledMatchAny()
    {
        var now = DateTimeOffset.UtcNow;
        var history = new OpenMetricsBuilder();
        void Gpu(double pct, params (string, string)[] labels) =>
            history.Gauge("DCGM_FI_DEV_GPU_UTIL", labels.Append(("gpu", "0")).ToDictionary(l => l.Item1, l => l.Item2), now.AddHours(-6), now.AddMinutes(-1), TimeSpan.FromMinutes(5), _ => pct);
        // The same namespace/pod name in two clusters: idle in east, busy in west. "shared" has no cluster label.
        Gpu(5, ("cluster", "east"), ("Hostname", "n1"), ("namespace", "lab"), ("pod", "train"));
        Gpu(70, ("cluster", "west"), ("Hostname", "n1"), ("namespace", "lab"), ("pod", "train"));
        Gpu(4, ("Hostname", "n2"), ("namespace", "lab"), ("pod", "shared"));
        var tsdb = Path.Combine(Path.GetTempPath(), "nereid-gpu-clusters-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await PrometheusBlocks.CreateFromOpenMetricsAsync(history.ToString(), tsdb);
            await using var prometheus = await PrometheusServer.StartAsync([], TimeSpan.FromSeconds(15), tsdb);
            var options = new PolicyOptions { PrometheusUrl = prometheus.BaseAddress };
            using var http = new HttpClient();
            var usage = await new UsageCollector(new PrometheusClient(http, Options.Create(options)), Options.Create(options)).CollectAsync(now, default);
            var snapshot = new WorkloadSnapshot();
            snapshot.Add("east", [Pod("train", "n1"), Pod("shared", "n2")], [], []);
            snapshot.Add("west", [Pod("train", "n1"), Pod("shared", "n2")], [], []);

            var findings = new PolicyEvaluator(options).Evaluate(snapshot, usage, [], now);

            findings.Where(f => f.Policy == PolicyKind.GpuIdle).Select(f => $"{f.Cluster}/{f.PodName}").Order()
                .ShouldBe(["east/shared", "east/train", "west/shared"]);
            usage.GpuPercent.Keys.ShouldContain(("west", "lab", "train"));
        }
        finally
        {
            Directory.Delete(tsdb, recursive: true);
        }
    }

    private static Pod Pod(string name, string node) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name, Namespace = "lab", CreationTimestamp = DateTimeOffset.UtcNow.AddHours(-7),
            OwnerReferences = [new OwnerReference { Kind = "Job", Name = name, Controller = true }],
        },
        Spec = new PodSpec
        {
            NodeName = node,
            Containers = [new Container { Name = "main", Resources = new ResourceRequirements { Requests = new() { ["cpu"] = "1", ["memory"] = "2Gi", ["nvidia.com/gpu"] = "1" } } }],
        },
    };
}
