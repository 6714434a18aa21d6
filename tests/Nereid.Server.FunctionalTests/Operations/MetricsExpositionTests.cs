using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.KubeDouble;
using Nereid.KubeDouble.Faults;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.Policies;
using Nereid.TestSupport.Paths;
using Nereid.TestSupport.Prometheus;

namespace Nereid.Server.FunctionalTests.Operations;

/// <summary>
/// /metrics served by OpenTelemetry's Prometheus exporter: every family the hand-written exporter served keeps its
/// name, type and label keys (metrics.golden.txt), any <c>Nereid.*</c> meter is exported with its names as written,
/// and promtool accepts the whole exposition.
/// </summary>
public sealed class MetricsExpositionTests : IAsyncLifetime
{
    private readonly NereidAppFactory _app = new();
    private readonly Meter _controllers = new("Nereid.GoldenTest");
    private KubeApiDouble _kube = null!;

    public async Task InitializeAsync() => _kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), default);

    [Fact]
    public async Task Metrics_AfterTraffic_ServesEveryGoldenFamilyWithItsTypeAndLabels()
    {
        var served = Exposition.Parse(await ScrapeAfterTrafficAsync());

        var golden = File.ReadAllLines(Path.Combine(RepoPaths.Root, "tests", "Nereid.Server.FunctionalTests", "Operations", "metrics.golden.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(' ')).ToList();
        golden.Count.ShouldBe(12);
        var missing = new List<string>();
        foreach (var (family, type, keys) in golden.Select(g => (g[0], g[1], g[2])))
        {
            if (served.Types.GetValueOrDefault(family) != type)
                missing.Add($"{family}: TYPE {served.Types.GetValueOrDefault(family) ?? "none"}, expected {type}");
            var expected = type == "histogram"
                ? [(family + "_bucket", Exposition.Keys(keys == "-" ? ["le"] : [.. keys.Split(','), "le"])), (family + "_sum", keys), (family + "_count", keys)]
                : new[] { (family, keys) };
            missing.AddRange(expected.Where(e => !served.Has(e.Item1, e.Item2)).Select(e => $"{e.Item1}{{{e.Item2}}}"));
        }
        missing.ShouldBeEmpty();
    }

    [Fact]
    public async Task Metrics_NereidPrefixedMeter_ExportedWithControllerRuntimeNamesUnchanged()
    {
        var served = Exposition.Parse(await ScrapeAfterTrafficAsync());

        served.Types["controller_runtime_reconcile_total"].ShouldBe("counter");
        served.Has("controller_runtime_reconcile_total", "controller,result").ShouldBeTrue();
        served.Types["controller_runtime_reconcile_time_seconds"].ShouldBe("histogram");
        served.Has("controller_runtime_reconcile_time_seconds_bucket", "controller,le").ShouldBeTrue();
        served.Types["workqueue_depth"].ShouldBe("gauge");
        served.Has("workqueue_depth", "name").ShouldBeTrue();
        served.Series.Keys.ShouldNotContain(k => k.Contains("_total_total", StringComparison.Ordinal) || k.Contains("_seconds_seconds", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_AfterTraffic_PassesPromtoolCheckMetrics()
    {
        var text = await ScrapeAfterTrafficAsync();

        var check = await PromtoolCheck.MetricsAsync(text);

        check.Succeeded.ShouldBeTrue(check.StandardOutput + check.StandardError);
        text.ShouldContain("nereid_kubernetes_requests_total{");
    }

    /// <summary>Requests, a failed database command, Kubernetes calls with a retry, a policy scan and controller-style instruments, then one scrape.</summary>
    private async Task<string> ScrapeAfterTrafficAsync()
    {
        using var client = _app.CreateClient();
        (await client.GetAsync("/healthz")).EnsureSuccessStatusCode();
        (await client.GetAsync("/readyz")).EnsureSuccessStatusCode();
        await client.GetAsync("/no-such-page");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
            await Should.ThrowAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("SELECT * FROM no_such_table"));
        }
        await KubernetesCallWithOneRetryAsync();
        PolicyMetrics.Scanned(new ScanResult(1, 1, 0, 0, 2, 1, SkippedClusters: 0), TimeSpan.FromMilliseconds(40));
        PolicyMetrics.ScanFailed();
        PolicyMetrics.Leader(true);
        _controllers.CreateCounter<long>("controller_runtime_reconcile_total").Add(1, new("controller", "namespace"), new("result", "success"));
        _controllers.CreateHistogram<double>("controller_runtime_reconcile_time_seconds", "s").Record(0.02, new KeyValuePair<string, object?>("controller", "namespace"));
        _controllers.CreateUpDownCounter<int>("workqueue_depth").Add(3, new KeyValuePair<string, object?>("name", "namespace"));
        return await client.GetStringAsync("/metrics");
    }

    private async Task KubernetesCallWithOneRetryAsync()
    {
        using var kube = DoubleClient.Admin(_kube);
        (await kube.GetAsync<Namespace>(null, "default")).ShouldNotBeNull();
        // 429 with Retry-After: 1 on every GET until the first has been refused; the client's retry then succeeds.
        _kube.Faults.SetVerbFault("get", new VerbFault(1.0, FaultKind.TooManyRequests));
        var retried = kube.GetAsync<Namespace>(null, "default");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_kube.RequestLog.Entries.Count(e => e.Method == "GET") < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        _kube.Faults.SetVerbFault("get", null);
        (await retried).ShouldNotBeNull();
    }

    public async Task DisposeAsync()
    {
        _controllers.Dispose();
        await _app.DisposeAsync();
        await _kube.DisposeAsync();
    }
}
