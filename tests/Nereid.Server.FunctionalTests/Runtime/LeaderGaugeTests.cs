using Nereid.Server.FunctionalTests.Clusters;

namespace Nereid.Server.FunctionalTests.Runtime;

/// <summary>The reconciler leader gauge on /metrics.</summary>
public sealed class LeaderGaugeTests
{
    [Fact]
    public async Task Metrics_ReplicaLeadsTheCluster_NereidLeaderIsOneForTheNamespacesController()
    {
        await using var app = await ClusterAppFactory.StartAsync();
        await app.ControllerAsync();
        using var client = app.CreateClient();

        await Eventually.TrueAsync(async () => LeaderLine(await client.GetStringAsync("/metrics")) is { } line && line.EndsWith(" 1", StringComparison.Ordinal),
            "nereid_leader{controller=\"namespaces\",cluster=\"test\"} reads 1 while this replica leads");
    }

    private static string? LeaderLine(string exposition) =>
        exposition.Split('\n').FirstOrDefault(l => l.StartsWith("nereid_leader{", StringComparison.Ordinal)
            && l.Contains("controller=\"namespaces\"", StringComparison.Ordinal) && l.Contains("cluster=\"test\"", StringComparison.Ordinal));
}
