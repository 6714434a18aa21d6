using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.People;
using Nereid.Server.Federation;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Placement;
using Nereid.Server.Runtime;
using static Nereid.Server.FunctionalTests.Federation.FederationWorld;
using static Nereid.Server.FunctionalTests.Placement.TwoClusterAppFactory;

namespace Nereid.Server.FunctionalTests.Federation;

/// <summary>Federation conditions are stored by each cluster's leader and served by every replica from the database.</summary>
public sealed class FederationReplicaTests
{
    [Fact]
    public async Task Get_OnAFollowerReplica_ShowsTheLeadersConditionsAndAResyncWritesNoRow()
    {
        // Two clusters without Admiralty's CRDs yet; this app's replica leads both.
        await using var app = await TwoClusterAppFactory.StartAsync();
        app.With("Nereid:Federation:ResyncInterval", "00:00:00.200").With("Nereid:Reconciler:DiscoveryInterval", "00:00:00.300");
        var owner = await app.CreatePersonAsync("replicaowner", Tier.Admin);
        await PlacementTests.CreateNamespaceAsync(app, "shared", owner);
        await Eventually.TrueAsync(async () => await app.HasNamespaceAsync(East, "shared") && await app.HasNamespaceAsync(West, "shared"),
            "the namespace never reached both clusters");
        var leaderHost = app.Services.GetRequiredService<ClusterRuntimeHost>();
        await Eventually.TrueAsync(() => Task.FromResult(leaderHost.Runtimes.Count == 2 && leaderHost.Runtimes.Values.All(r => r.IsLeader)),
            "the first replica never led both clusters");
        using (var leaderApi = await app.ClientForAsync(owner))
        {
            (await leaderApi.PutAsJsonAsync("/api/v1/namespaces/shared/federation", new { federated = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // A second replica on the same database and clusters: it campaigns but the lease is held, so it follows.
        await using var follower = app.NewReplica();
        using var api = await follower.ClientForAsync(owner);
        var followerHost = follower.Services.GetRequiredService<ClusterRuntimeHost>();
        await Eventually.TrueAsync(() => Task.FromResult(followerHost.Runtimes.Count == 2), "the follower never started its runtimes");

        await Eventually.TrueAsync(async () => (await FederationAsync(api, "shared")).GetProperty("clusters").EnumerateArray()
            .All(c => c.GetProperty("reason").GetString() == "AdmiraltyNotInstalled"), "the follower never showed that Admiralty is not installed");
        var west = Cluster(await FederationAsync(api, "shared"), West);
        west.GetProperty("condition").GetString().ShouldBe("Degraded");
        west.GetProperty("message").GetString().ShouldBe(
            "Admiralty is not installed on cluster west: it does not serve targets.multicluster.admiralty.io/v1alpha1, sources.multicluster.admiralty.io/v1alpha1.");

        foreach (var cluster in new[] { East, West })
        {
            await InstallAdmiraltyAsync(app.Admin(cluster));
        }
        await Eventually.TrueAsync(async () => (await FederationAsync(api, "shared")).GetProperty("clusters").EnumerateArray()
            .All(c => c.GetProperty("condition").GetString() == "Ready" && c.GetProperty("reason").GetString() == "Federated"),
            "the follower never showed the federation Ready");
        Cluster(await FederationAsync(api, "shared"), East).GetProperty("message").GetString()
            .ShouldBe("Admiralty objects for west are in place.");
        // The follower served all of this without leading anything: it ran no federation pass of its own.
        followerHost.Runtimes.Values.ShouldAllBe(r => !r.IsLeader);
        follower.Services.GetRequiredService<FederationController>().Passes.ShouldBe(0);

        // Resyncs that find everything as before write no status row, and the conditions keep their time.
        var controller = app.Services.GetRequiredService<FederationController>();
        var status = app.Services.GetRequiredService<FederationStatus>();
        var before = await FederationAsync(api, "shared");
        var writes = status.RowWrites;
        var passes = controller.Passes;
        await Eventually.TrueAsync(() => Task.FromResult(controller.Passes >= passes + 6), "no further passes ran");
        status.RowWrites.ShouldBe(writes);
        var after = await FederationAsync(api, "shared");
        foreach (var cluster in new[] { East, West })
        {
            Cluster(after, cluster).GetProperty("observedAt").GetString().ShouldBe(Cluster(before, cluster).GetProperty("observedAt").GetString());
        }
    }
}
