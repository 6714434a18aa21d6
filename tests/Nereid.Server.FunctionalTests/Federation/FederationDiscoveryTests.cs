using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nereid.Domain.People;
using Nereid.KubeDouble.CustomResources;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Placement;
using static Nereid.Server.FunctionalTests.Federation.FederationWorld;
using static Nereid.Server.FunctionalTests.Placement.TwoClusterAppFactory;

namespace Nereid.Server.FunctionalTests.Federation;

/// <summary>Federation on clusters that do not serve Admiralty's kinds yet: asked by discovery, never listed, picked up once installed.</summary>
public sealed class FederationDiscoveryTests
{
    private const string AdmiraltyPath = "/apis/multicluster.admiralty.io/v1alpha1";

    [Fact]
    public async Task Reconcile_AdmiraltyNotInstalled_NoListsAConditionAndStartsOnceInstalled()
    {
        // Two clusters without Admiralty's CRDs; federation is on (the default).
        await using var app = await TwoClusterAppFactory.StartAsync();
        app.With("Nereid:Federation:ResyncInterval", "00:00:00.200").With("Nereid:Reconciler:DiscoveryInterval", "00:00:00.300");
        var owner = await app.CreatePersonAsync("nocrdowner", Tier.Admin);
        await PlacementTests.CreateNamespaceAsync(app, "early", owner);
        using var api = await app.ClientForAsync(owner);
        await Eventually.TrueAsync(async () => await app.HasNamespaceAsync(East, "early") && await app.HasNamespaceAsync(West, "early"),
            "the namespace never reached both clusters");

        var put = await api.PutAsJsonAsync("/api/v1/namespaces/early/federation", new { federated = true });

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => (await FederationAsync(api, "early")).GetProperty("clusters").EnumerateArray()
            .All(c => c.GetProperty("reason").GetString() == "AdmiraltyNotInstalled"), "the page never said Admiralty is not installed");
        var east = Cluster(await FederationAsync(api, "early"), East);
        east.GetProperty("condition").GetString().ShouldBe("Degraded");
        east.GetProperty("message").GetString().ShouldBe(
            "Admiralty is not installed on cluster east: it does not serve targets.multicluster.admiralty.io/v1alpha1, sources.multicluster.admiralty.io/v1alpha1.");
        // Discovery was asked again (at least twice on each cluster), and no Admiralty kind was ever listed or watched.
        await Eventually.TrueAsync(() => Task.FromResult(new[] { East, West }.All(c => Discoveries(app, c) >= 2)), "discovery was not asked again");
        foreach (var cluster in new[] { East, West })
        {
            app.Kube(cluster).RequestLog.Entries.Where(e => e.PathAndQuery.Contains("multicluster.admiralty.io", StringComparison.Ordinal)
                && PathOf(e.PathAndQuery) != AdmiraltyPath).ShouldBeEmpty($"Admiralty kinds were requested on {cluster}");
        }

        foreach (var cluster in new[] { East, West })
        {
            await InstallAdmiraltyAsync(app.Admin(cluster));
        }

        await Eventually.TrueAsync(async () => (await ObjectsAsync(app, East, "early")).Count == 5 && (await ObjectsAsync(app, West, "early")).Count == 5,
            "the federation controller never started after the CRDs were installed");
        await Eventually.TrueAsync(async () => (await FederationAsync(api, "early")).GetProperty("clusters").EnumerateArray()
            .All(c => c.GetProperty("condition").GetString() == "Ready"), "the federation never reported Ready once installed");
        app.Kube(East).SchemaViolations.ShouldBeEmpty();
    }

    private static int Discoveries(TwoClusterAppFactory app, string cluster) =>
        app.Kube(cluster).RequestLog.Entries.Count(e => PathOf(e.PathAndQuery) == AdmiraltyPath);

    private static string PathOf(string pathAndQuery) => pathAndQuery.Split('?')[0];
}
