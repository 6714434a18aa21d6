using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Nereid.Data;
using Nereid.Domain.Policies;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Config;
using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.Policies;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>
/// Two clusters, one of them unreachable, and an unreachable Prometheus: the scan still judges what it can read and
/// leaves alone the violations it cannot judge.
/// </summary>
public sealed class DegradedScanTests : IAsyncLifetime
{
    private const string Ns = "reachable-team";
    private KubeApiDouble _kube = null!;
    private KubeClient _reachable = null!;
    private KubeClient _gone = null!;
    private PolicyApp _app = null!;

    public async Task InitializeAsync()
    {
        _kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions { TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-8)) }, default);
        _reachable = DoubleClient.Admin(_kube);
        await _reachable.CreateAsync(new Namespace { Metadata = { Name = Ns } });
        await _reachable.CreateAsync(new Pod
        {
            Metadata = { Name = "bare-1", Namespace = Ns },
            Spec = new PodSpec { Containers = [new Container { Name = "main", Image = "nginx" }] },
        });
        // Nothing listens on port 1: every request fails at once, and is not retried.
        _gone = new KubeClient(new KubeClusterConnection { Server = new Uri("https://127.0.0.1:1/") },
            new KubernetesClientOptions { MaxAttempts = 1, RequestTimeout = TimeSpan.FromSeconds(5) }, TimeProvider.System, NullLogger<KubeClient>.Instance);
        _app = new PolicyApp(new StaticClusterConnections([
            new ConnectedCluster("gone", _gone, new ClusterPublicInfo("https://127.0.0.1:1/", "", "nereid", null)),
            new ConnectedCluster("here", _reachable, new ClusterPublicInfo(_kube.BaseAddress.ToString(), _kube.CaCertificatePem, "nereid", null)),
        ]));
        _app.With("Nereid:Policies:Enabled", "false");
        // Nothing listens on port 9 either: every PromQL query fails.
        _app.With("Nereid:Policies:PrometheusUrl", "http://127.0.0.1:9/");
        _ = _app.Services;
    }

    [Fact]
    public async Task ScanAsync_OneClusterUnreachable_ScansTheOtherAndKeepsTheLostOnesViolationsOpen()
    {
        var lost = new Violation
        {
            Policy = PolicyKind.BarePod, Cluster = "gone", Namespace = "far-team", WorkloadKind = "Pod", WorkloadName = "far-pod", PodName = "far-pod",
            Summary = "Bare pod older than 6 h.", Evidence = "{}", FirstSeenAt = DateTime.UtcNow.AddHours(-1), LastSeenAt = DateTime.UtcNow.AddHours(-1),
        };
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
            db.Add(lost);
            await db.SaveChangesAsync();
        }

        ScanResult result;
        await using (var scope = _app.Services.CreateAsyncScope())
            result = await scope.ServiceProvider.GetRequiredService<ViolationScanner>().ScanAsync(default);

        result.SkippedClusters.ShouldBe(1);
        result.Resolved.ShouldBe(0);
        // Operators see it on /metrics (meters are process-wide and other tests scan too, so only the series are checked).
        var metrics = await _app.CreateClient().GetStringAsync("/metrics");
        metrics.ShouldContain("nereid_policy_scans_total{outcome=\"ok\"}");
        metrics.ShouldContain("nereid_policy_scan_skipped_clusters ");
        metrics.ShouldContain("nereid_policy_scan_usage_unavailable ");
        metrics.ShouldContain("nereid_policy_scan_duration_seconds_bucket");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var open = await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<Violation>().Where(v => v.ResolvedAt == null).ToListAsync();
            open.ShouldContain(v => v.Cluster == "here" && v.Policy == PolicyKind.BarePod && v.PodName == "bare-1");
            var kept = open.Single(v => v.Id == lost.Id);
            kept.LastSeenAt.ShouldBe(lost.LastSeenAt, TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public async Task ScanAsync_PrometheusUnreachable_JudgesWorkloadPoliciesAndKeepsUsageViolationsOpen()
    {
        var idle = new Violation
        {
            Policy = PolicyKind.GpuIdle, Cluster = "here", Namespace = Ns, WorkloadKind = "Pod", WorkloadName = "trainer", PodName = "trainer",
            Summary = "GPU utilisation 3 % averaged over 6h is below 40 %.", Evidence = "{}", FirstSeenAt = DateTime.UtcNow.AddHours(-1), LastSeenAt = DateTime.UtcNow.AddHours(-1),
        };
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
            db.Add(idle);
            await db.SaveChangesAsync();
        }

        ScanResult result;
        await using (var scope = _app.Services.CreateAsyncScope())
            result = await scope.ServiceProvider.GetRequiredService<ViolationScanner>().ScanAsync(default);

        result.UsageUnavailable.ShouldBeTrue();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var open = await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<Violation>().Where(v => v.ResolvedAt == null).ToListAsync();
            open.ShouldContain(v => v.Id == idle.Id);
            open.ShouldContain(v => v.Cluster == "here" && v.Policy == PolicyKind.BarePod && v.PodName == "bare-1");
        }
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        _reachable.Dispose();
        _gone.Dispose();
        await _kube.DisposeAsync();
    }
}
