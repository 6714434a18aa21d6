using System.Net;
using System.Net.Http.Json;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Pages;
using static Nereid.Server.FunctionalTests.Federation.FederationWorld;
using static Nereid.Server.FunctionalTests.Placement.TwoClusterAppFactory;

namespace Nereid.Server.FunctionalTests.Federation;

/// <summary>A namespace placed on two clusters (two API doubles with Admiralty's CRDs) and federated through Admiralty.</summary>
public sealed class FederationTests
{
    private static readonly List<string> EastObjects =
        ["RoleBinding/nereid-source-west", "Secret/nereid-admiralty-west", "ServiceAccount/nereid-source-west", "Source/nereid-source-west", "Target/nereid-west"];

    private static readonly List<string> WestObjects =
        ["RoleBinding/nereid-source-east", "Secret/nereid-admiralty-east", "ServiceAccount/nereid-source-east", "Source/nereid-source-east", "Target/nereid-east"];

    [Fact]
    public async Task Put_FederatedOnTwoClusters_ExactlyAdmiraltysObjectsAndTheKubeconfigGrantsOnlyTheRoleBinding()
    {
        await using var app = await StartAsync();
        var owner = await app.CreatePersonAsync("fedowner", Tier.Admin);
        await Placement.PlacementTests.CreateNamespaceAsync(app, "astro", owner);
        await Placement.PlacementTests.CreateNamespaceAsync(app, "other", owner);
        using var api = await app.ClientForAsync(owner);
        await Eventually.TrueAsync(async () => await app.HasNamespaceAsync(East, "astro") && await app.HasNamespaceAsync(West, "astro")
            && await app.HasNamespaceAsync(West, "other"), "the namespaces never reached both clusters");

        var put = await api.PutAsJsonAsync("/api/v1/namespaces/astro/federation", new { federated = true });

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => (await ObjectsAsync(app, East, "astro")).SequenceEqual(EastObjects)
            && (await ObjectsAsync(app, West, "astro")).SequenceEqual(WestObjects), "the Admiralty objects never appeared on both clusters");
        await Eventually.TrueAsync(async () => (await FederationAsync(api, "astro")).GetProperty("clusters").EnumerateArray()
            .All(c => c.GetProperty("condition").GetString() == "Ready"), "the federation never reported Ready on both clusters");
        (await ObjectsAsync(app, East, "other")).ShouldBeEmpty();
        app.Kube(East).SchemaViolations.ShouldBeEmpty();
        app.Kube(West).SchemaViolations.ShouldBeEmpty();
        var target = await app.Admin(East).GetAsync<Nereid.Kubernetes.Models.UnstructuredObject>(Type("Target"), "astro", "nereid-west");
        target!["spec"]!["kubeconfigSecret"]!["name"]!.GetValue<string>().ShouldBe("nereid-admiralty-west");
        var source = await app.Admin(West).GetAsync<Nereid.Kubernetes.Models.UnstructuredObject>(Type("Source"), "astro", "nereid-source-east");
        source!["spec"]!["serviceAccountName"]!.GetValue<string>().ShouldBe("nereid-source-east");

        // East's kubeconfig for west authenticates to west as east's ServiceAccount there, allowed exactly what the RoleBinding grants.
        var kubeconfig = (await KubeconfigAsync(app, East, "astro", West)).ShouldNotBeNull();
        (await CanIAsync(kubeconfig, "create", "podchaperons.multicluster.admiralty.io", "-n", "astro")).ShouldBeTrue();
        (await CanIAsync(kubeconfig, "delete", "podchaperons.multicluster.admiralty.io", "-n", "astro")).ShouldBeTrue();
        (await CanIAsync(kubeconfig, "create", "pods", "-n", "astro")).ShouldBeFalse();
        (await CanIAsync(kubeconfig, "get", "secrets", "-n", "astro")).ShouldBeFalse();
        (await CanIAsync(kubeconfig, "create", "podchaperons.multicluster.admiralty.io", "-n", "other")).ShouldBeFalse();
        var westKubeconfig = (await KubeconfigAsync(app, West, "astro", East)).ShouldNotBeNull();
        (await CanIAsync(westKubeconfig, "list", "podchaperons.multicluster.admiralty.io", "-n", "astro")).ShouldBeTrue();
        (await CanIAsync(westKubeconfig, "list", "pods", "-n", "astro")).ShouldBeFalse();
    }

    [Fact]
    public async Task Put_UnfederatedThenUnplaced_NothingLeftOnEitherCluster()
    {
        await using var app = await StartAsync();
        var owner = await app.CreatePersonAsync("unfedowner", Tier.Admin);
        await Placement.PlacementTests.CreateNamespaceAsync(app, "leaving", owner);
        using var api = await app.ClientForAsync(owner);
        await Eventually.TrueAsync(async () => await app.HasNamespaceAsync(East, "leaving") && await app.HasNamespaceAsync(West, "leaving"),
            "the namespace never reached both clusters");
        (await api.PutAsJsonAsync("/api/v1/namespaces/leaving/federation", new { federated = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => (await ObjectsAsync(app, East, "leaving")).Count == 5 && (await ObjectsAsync(app, West, "leaving")).Count == 5,
            "federation never completed");

        var off = await api.PutAsJsonAsync("/api/v1/namespaces/leaving/federation", new { federated = false });

        off.StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => (await ObjectsAsync(app, East, "leaving")).Count == 0 && (await ObjectsAsync(app, West, "leaving")).Count == 0,
            "un-federating left Admiralty objects behind");
        (await FederationAsync(api, "leaving")).GetProperty("federated").GetBoolean().ShouldBeFalse();

        (await api.PutAsJsonAsync("/api/v1/namespaces/leaving/federation", new { federated = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => (await ObjectsAsync(app, East, "leaving")).Count == 5 && (await ObjectsAsync(app, West, "leaving")).Count == 5,
            "federation never came back");
        var unplace = await api.PutAsJsonAsync("/api/v1/namespaces/leaving/placement", new { clusters = new[] { East } });

        unplace.StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => (await ObjectsAsync(app, East, "leaving")).Count == 0, "east kept the objects for a cluster that left");
        await Eventually.TrueAsync(async () => !await app.HasNamespaceAsync(West, "leaving"), "west kept the namespace");
        // A terminating namespace is emptied by the namespace controller a moment later: wait for that, then nothing may remain.
        await Eventually.TrueAsync(async () => await FederationObjectsOnAsync(app, West) == 0, "Admiralty objects left on west");
        var view = await FederationAsync(api, "leaving");
        Cluster(view, West).GetProperty("condition").GetString().ShouldBe("NotPlaced");
        app.Kube(East).SchemaViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Put_OneCluster_RefusedWithNothingSaved()
    {
        await using var app = await StartAsync();
        var owner = await app.CreatePersonAsync("lonelyowner", Tier.Admin);
        await Placement.PlacementTests.CreateNamespaceAsync(app, "lonely", owner);
        using var api = await app.ClientForAsync(owner);
        (await api.PutAsJsonAsync("/api/v1/namespaces/lonely/placement", new { clusters = new[] { West } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = (await FederationAsync(api, "lonely")).GetProperty("version").GetInt32();

        var put = await api.PutAsJsonAsync("/api/v1/namespaces/lonely/federation", new { federated = true });

        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await put.Content.ReadAsStringAsync()).ShouldContain("place it on at least two clusters");
        var after = await FederationAsync(api, "lonely");
        after.GetProperty("federated").GetBoolean().ShouldBeFalse();
        after.GetProperty("version").GetInt32().ShouldBe(before);
    }

    [Fact]
    public async Task Put_StaleIfMatch_PreconditionFailed()
    {
        await using var app = await StartAsync();
        var owner = await app.CreatePersonAsync("staleowner", Tier.Admin);
        await Placement.PlacementTests.CreateNamespaceAsync(app, "stale", owner);
        using var api = await app.ClientForAsync(owner);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/namespaces/stale/federation") { Content = JsonContent.Create(new { federated = true }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"999\"");

        var put = await api.SendAsync(request);

        put.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        (await FederationAsync(api, "stale")).GetProperty("federated").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Reconcile_OneClusterUnreachable_OtherConvergesAndPageSaysWhichIsBehindAndWhy()
    {
        await using var app = await StartAsync();
        var owner = await app.CreatePersonAsync("splitfed", Tier.Admin);
        await Placement.PlacementTests.CreateNamespaceAsync(app, "before", owner);
        using var api = await app.ClientForAsync(owner);
        await Eventually.TrueAsync(async () => await app.HasNamespaceAsync(East, "before") && await app.HasNamespaceAsync(West, "before"),
            "the namespace never reached both clusters");

        await app.StopClusterAsync(West);
        await Placement.PlacementTests.CreateNamespaceAsync(app, "during", owner);
        await Eventually.TrueAsync(() => app.HasNamespaceAsync(East, "during"), "east stopped creating namespaces while west was away");
        (await api.PutAsJsonAsync("/api/v1/namespaces/during/federation", new { federated = true })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // East applies its half (west's identity as a source) and says it cannot get a token from west.
        await Eventually.TrueAsync(async () => (await ObjectsAsync(app, East, "during")).SequenceEqual(
            ["RoleBinding/nereid-source-west", "ServiceAccount/nereid-source-west", "Source/nereid-source-west"]), "east stopped converging while west was away");
        await Eventually.TrueAsync(async () => Cluster(await FederationAsync(api, "during"), East).GetProperty("reason").GetString() is "TargetUnreachable",
            "east never said west does not issue tokens");
        await Eventually.TrueAsync(async () => Cluster(await FederationAsync(api, "during"), West).GetProperty("reason").GetString() is "ClusterUnreachable",
            "west was never reported unreachable");
        var view = await FederationAsync(api, "during");
        Cluster(view, East).GetProperty("message").GetString()!.ShouldContain("Cluster west did not issue a token");
        using var anonymous = PageClient.Anonymous(app);
        var page = await anonymous.GetAsync("/namespaces/during");
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Decoded.ShouldContain("Federation: behind on east, west.");
        page.Decoded.ShouldContain("Cluster west did not issue a token");
    }

    /// <summary>Every object the federation controller made on <paramref name="cluster"/>, in any namespace.</summary>
    private static async Task<int> FederationObjectsOnAsync(Placement.TwoClusterAppFactory app, string cluster)
    {
        var count = 0;
        foreach (var kind in Kinds)
        {
            var list = await app.Admin(cluster).ListAsync<Nereid.Kubernetes.Models.UnstructuredObject>(Type(kind), null,
                new Nereid.Kubernetes.Client.ListOptions { LabelSelector = "app.kubernetes.io/managed-by=nereid-federation" });
            count += list.Items.Count;
        }
        return count;
    }
}
