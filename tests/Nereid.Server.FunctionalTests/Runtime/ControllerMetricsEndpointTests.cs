using Nereid.Domain.People;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.FunctionalTests.Clusters;

namespace Nereid.Server.FunctionalTests.Runtime;

/// <summary>Operators see the reconciler's work on /metrics in controller-runtime's vocabulary, per controller and cluster.</summary>
public sealed class ControllerMetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AfterReconciling_ServesReconcileQueueAndLeaderSeriesForTheCluster()
    {
        await using var app = await ClusterAppFactory.StartAsync();
        var admin = await app.CreatePersonAsync("metricsadmin", Tier.Admin);
        await app.CreateNamespaceAsync("metrics-a", admin);
        await Eventually.TrueAsync(async () => await app.Admin.GetAsync<ResourceQuota>("metrics-a", "nereid-quota") is not null, "never reconciled");
        var labels = $"cluster=\"{ClusterAppFactory.ClusterName}\",controller=\"namespaces\"";
        var leader = $"leader_election_master_status{{name=\"nereid-system/nereid-reconciler@{ClusterAppFactory.ClusterName}\"}} 1";

        string text = "";
        await Eventually.TrueAsync(async () =>
        {
            text = await app.CreateClient().GetStringAsync("/metrics");
            return text.Contains($"controller_runtime_reconcile_total{{{labels},result=\"success\"}}", StringComparison.Ordinal)
                && text.Contains(leader, StringComparison.Ordinal);
        }, "no successful reconcile was counted, or the leader gauge was not 1");

        text.ShouldContain("# TYPE controller_runtime_reconcile_time_seconds histogram");
        text.ShouldContain($"controller_runtime_reconcile_time_seconds_count{{{labels}}}");
        text.ShouldContain($"workqueue_depth{{{labels},name=\"namespaces\"}}");
        text.ShouldContain($"workqueue_adds_total{{{labels},name=\"namespaces\"}}");
        text.ShouldContain($"workqueue_queue_duration_seconds_bucket{{{labels},name=\"namespaces\",le=\"+Inf\"}}");
    }
}
