using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Auth;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.Namespaces;
using static Nereid.Server.FunctionalTests.Placement.TwoClusterAppFactory;

namespace Nereid.Server.FunctionalTests.Placement;

/// <summary>Namespaces placed on some of two clusters (two API doubles), moved between them, and one cluster going away.</summary>
public sealed class PlacementTests
{
    [Fact]
    public async Task Create_DefaultSetOfOneCluster_NamespaceExistsOnlyThere()
    {
        await using var app = await StartAsync();
        app.With("Nereid:Placement:DefaultClusters:0", East);
        var owner = await app.CreatePersonAsync("eastowner", Tier.Admin);
        await CreateNamespaceAsync(app, "east-only", owner);
        using var api = await app.ClientForAsync(owner);

        await Eventually.TrueAsync(() => app.HasNamespaceAsync(East, "east-only"), "the namespace never reached its default cluster");
        await Eventually.TrueAsync(async () => Cluster(await PlacementAsync(api, "east-only"), East).GetProperty("behind").GetBoolean() == false,
            "east never caught up");

        (await app.HasNamespaceAsync(West, "east-only")).ShouldBeFalse();
        var view = await PlacementAsync(api, "east-only");
        view.GetProperty("isDefault").GetBoolean().ShouldBeTrue();
        Cluster(view, West).GetProperty("placed").GetBoolean().ShouldBeFalse();
        Cluster(view, West).GetProperty("condition").GetString().ShouldBe("NotPlaced");
        Cluster(view, East).GetProperty("region").GetString().ShouldBe("region-east");
    }

    [Fact]
    public async Task Put_MovedBetweenClusters_CreatedWherePlacedRemovedWhereNotWithPerClusterQuota()
    {
        await using var app = await StartAsync();
        var owner = await app.CreatePersonAsync("moveowner", Tier.Admin);
        await CreateNamespaceAsync(app, "mover", owner);
        using var nsAdmin = await app.ClientForAsync(owner);
        using var platform = await app.ClientForAsync(await app.AdminAsync());
        await Eventually.TrueAsync(async () => await app.HasNamespaceAsync(East, "mover") && await app.HasNamespaceAsync(West, "mover"),
            "the namespace never reached both default clusters");

        var quotaByNsAdmin = await nsAdmin.PutAsJsonAsync("/api/v1/namespaces/mover/placement",
            new { clusters = new[] { East }, quotas = new Dictionary<string, Dictionary<string, string>> { [East] = new() { ["requests.nvidia.com/gpu"] = "4" } } });
        quotaByNsAdmin.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var unknown = await nsAdmin.PutAsJsonAsync("/api/v1/namespaces/mover/placement", new { clusters = new[] { "nowhere" } });
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("No connected cluster is named 'nowhere'.");

        var toEast = await platform.PutAsJsonAsync("/api/v1/namespaces/mover/placement",
            new { clusters = new[] { East }, quotas = new Dictionary<string, Dictionary<string, string>> { [East] = new() { ["requests.nvidia.com/gpu"] = "4" } } });

        toEast.StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => !await app.HasNamespaceAsync(West, "mover"), "west kept the namespace after it left");
        await Eventually.TrueAsync(async () => await GpuQuotaAsync(app, East, "mover") == "4", "the per-cluster quota never reached east");
        await Eventually.TrueAsync(async () => Cluster(await PlacementAsync(nsAdmin, "mover"), West).GetProperty("condition").GetString() == "NotPlaced",
            "west's status row stayed after the namespace left");
        var moved = await PlacementAsync(nsAdmin, "mover");
        moved.GetProperty("isDefault").GetBoolean().ShouldBeFalse();
        Cluster(moved, East).GetProperty("placed").GetBoolean().ShouldBeTrue();
        Cluster(moved, East).GetProperty("quota").GetProperty("requests.nvidia.com/gpu").GetString().ShouldBe("4");
        Cluster(moved, West).GetProperty("placed").GetBoolean().ShouldBeFalse();
        // The namespace page shows the same placement: chosen clusters, a row per cluster with its region (west: no, or when it goes), and east's own quota.
        using var pages = await PageClient.AdminAsync(app);
        var page = await pages.GetAsync("/namespaces/mover");
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Decoded.ShouldContain("Placed on the clusters chosen for it.");
        page.Decoded.ShouldMatch("<th scope=\"row\">east</th>\\s*<td>region-east</td>\\s*<td>yes</td>");
        page.Decoded.ShouldMatch("<th scope=\"row\">west</th>\\s*<td>region-west</td>\\s*<td>no\\b");
        page.Decoded.ShouldContain("<li>east: requests.nvidia.com/gpu=4</li>");

        var toWest = await nsAdmin.PutAsJsonAsync("/api/v1/namespaces/mover/placement", new { clusters = new[] { West } });

        toWest.StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => await app.HasNamespaceAsync(West, "mover") && !await app.HasNamespaceAsync(East, "mover"),
            "the namespace never moved from east to west");
        // East's own quota stays stored but does not leak into west.
        await Eventually.TrueAsync(async () => await GpuQuotaAsync(app, West, "mover") == "8", "west never got the default GPU quota");
        app.Kube(East).SchemaViolations.ShouldBeEmpty();
        app.Kube(West).SchemaViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Reconcile_OneClusterUnreachable_OtherConvergesAndPageSaysWhichIsBehindAndWhy()
    {
        await using var app = await StartAsync();
        var owner = await app.CreatePersonAsync("splitowner", Tier.Admin);
        await CreateNamespaceAsync(app, "split", owner);
        using var platform = await app.ClientForAsync(await app.AdminAsync());
        await Eventually.TrueAsync(async () => (await PlacementAsync(platform, "split")).GetProperty("clusters").EnumerateArray().All(c => !c.GetProperty("behind").GetBoolean()),
            "the namespace never settled on both clusters");

        await app.StopClusterAsync(West);
        // A change both clusters must apply (a cluster whose objects would not change is not behind).
        var change = await platform.PutAsJsonAsync("/api/v1/namespaces/split/placement", new
        {
            quotas = new Dictionary<string, Dictionary<string, string>>
            {
                [East] = new() { ["requests.nvidia.com/gpu"] = "2" }, [West] = new() { ["requests.nvidia.com/gpu"] = "3" },
            },
        });

        change.StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => await GpuQuotaAsync(app, East, "split") == "2", "east stopped converging while west was away");
        await Eventually.TrueAsync(async () => !Cluster(await PlacementAsync(platform, "split"), East).GetProperty("behind").GetBoolean(),
            "east never reported the new version");
        var view = await PlacementAsync(platform, "split");
        Cluster(view, West).GetProperty("behind").GetBoolean().ShouldBeTrue();
        Cluster(view, West).GetProperty("behindReason").GetString()!.ShouldStartWith("The cluster is unreachable");
        using var anonymous = PageClient.Anonymous(app);
        var page = await anonymous.GetAsync("/namespaces/split");
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Decoded.ShouldContain("Behind: west.");
        page.Decoded.ShouldContain("<span class=\"behind\">behind: The cluster is unreachable");
    }

    private static async Task<JsonElement> PlacementAsync(HttpClient api, string ns) =>
        await api.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/{ns}/placement");

    private static JsonElement Cluster(JsonElement view, string cluster) =>
        view.GetProperty("clusters").EnumerateArray().Single(c => c.GetProperty("cluster").GetString() == cluster);

    private static async Task<string?> GpuQuotaAsync(TwoClusterAppFactory app, string cluster, string ns) =>
        (await app.Admin(cluster).GetAsync<ResourceQuota>(ns, "nereid-quota"))?.Spec?.Hard?.GetValueOrDefault("requests.nvidia.com/gpu").ToString();

    internal static async Task CreateNamespaceAsync(TwoClusterAppFactory app, string name, Person admin)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var namespaces = scope.ServiceProvider.GetRequiredService<NamespaceService>();
        await namespaces.CreateAsync(new Actor(admin.Id, admin.DisplayName, admin.Tier),
            new NamespaceInput(name, "UC San Diego", ["Prof. Example"], ["NSF-1"], [], "A placed namespace.", []), default);
    }
}
