using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.Domain.People;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Quantities;
using Nereid.Server.FunctionalTests.Clusters;
using KubeObjects = Nereid.Server.FunctionalTests.Resources.KubeObjects;
using Nereid.Server.Pages.Shared;
using static Nereid.Server.FunctionalTests.Placement.TwoClusterAppFactory;

namespace Nereid.Server.FunctionalTests.Placement;

/// <summary>
/// The resources and usage pages over two clusters: totals across both, with a row per cluster and per region. East has an
/// A100 node in <c>us-east</c> and a CPU node with no region label (so it counts in east's own region, <c>region-east</c>);
/// west has an L40 node in <c>eu-west</c>. Namespace <c>spread</c> runs a pod on each node.
/// </summary>
public sealed class ClusterBreakdownTests
{
    private const string Ns = "spread";

    private static void Seed(string cluster, KubeDoubleOptions options)
    {
        options.SeedObjects.Add(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Ns } });
        if (cluster == East)
        {
            options.SeedObjects.Add(KubeObjects.GpuNode("e-a100", "NVIDIA-A100-SXM4-80GB", 8, "us-east"));
            options.SeedObjects.Add(KubeObjects.Node("e-cpu", [], new Dictionary<string, Quantity>()));
            options.SeedObjects.Add(KubeObjects.GpuPod(Ns, "train", "e-a100", 2));
            options.SeedObjects.Add(KubeObjects.GpuPod(Ns, "prep", "e-cpu", 0, cpu: "2"));
        }
        else
        {
            options.SeedObjects.Add(KubeObjects.GpuNode("w-l40", "NVIDIA-L40", 4, "eu-west"));
            options.SeedObjects.Add(KubeObjects.GpuPod(Ns, "infer", "w-l40", 1, cpu: "1"));
        }
    }

    private static async Task<TwoClusterAppFactory> StartAsync()
    {
        var app = await TwoClusterAppFactory.StartAsync(Seed);
        app.With("Nereid:Resources:DebounceInterval", "00:00:00.050").With("Nereid:Usage:Enabled", "false");
        return app;
    }

    private static async Task<JsonElement> SummaryAsync(HttpClient api) => await api.GetFromJsonAsync<JsonElement>("/api/v1/resources/summary");

    private static async Task<bool> BothClustersListedAsync(HttpClient api)
    {
        var summary = await SummaryAsync(api);
        return summary.GetProperty("clusterList").EnumerateArray().All(c => c.GetProperty("synced").GetBoolean())
            && summary.GetProperty("summary").GetProperty("totals").GetProperty("nodes").GetInt32() == 3;
    }

    [Fact]
    public async Task ResourcesPage_TwoClusters_TotalsAcrossBothWithARowPerClusterAndRegion()
    {
        await using var app = await StartAsync();
        var owner = await app.CreatePersonAsync("spreadres", Tier.Admin);
        using var api = await app.ClientForAsync(owner);
        await Eventually.TrueAsync(() => BothClustersListedAsync(api), "the inventory never listed both clusters");

        var html = await api.GetStringAsync("/resources");
        var summary = await SummaryAsync(api);

        var totals = summary.GetProperty("summary").GetProperty("totals");
        totals.GetProperty("gpus").GetInt64().ShouldBe(12);
        totals.GetProperty("gpusFree").GetInt64().ShouldBe(9);
        var byCluster = summary.GetProperty("byCluster").EnumerateArray().ToDictionary(c => c.GetProperty("cluster").GetString()!);
        byCluster.Keys.ShouldBe([East, West], ignoreOrder: true);
        byCluster[East].GetProperty("regions").EnumerateArray().Select(r => r.GetString()).ShouldBe(["region-east", "us-east"]);
        byCluster[East].GetProperty("totals").GetProperty("nodes").GetInt32().ShouldBe(2);
        byCluster[East].GetProperty("totals").GetProperty("gpusFree").GetInt64().ShouldBe(6);
        byCluster[West].GetProperty("regions").EnumerateArray().Select(r => r.GetString()).ShouldBe(["eu-west"]);
        byCluster[West].GetProperty("totals").GetProperty("gpusFree").GetInt64().ShouldBe(3);
        summary.GetProperty("summary").GetProperty("byRegion").EnumerateArray().Select(r => r.GetProperty("region").GetString())
            .ShouldBe(["eu-west", "region-east", "us-east"]);
        html.ShouldContain("<h2>By cluster</h2>");
        html.ShouldContain("<tr><td>east</td><td>region-east, us-east</td><td class=\"num\">2 (2)</td><td class=\"num\">8</td><td class=\"num\">8</td><td class=\"num\">6</td>");
        html.ShouldContain("<tr><td>west</td><td>eu-west</td><td class=\"num\">1 (1)</td><td class=\"num\">4</td><td class=\"num\">4</td><td class=\"num\">3</td>");
        html.ShouldContain("<tr><td>eu-west</td><td class=\"num\">1 (1)</td>");
        html.ShouldContain("<tr><td>region-east</td><td class=\"num\">1 (1)</td>");
        html.ShouldContain("<tr><td>us-east</td><td class=\"num\">1 (1)</td>");
    }

    [Fact]
    public async Task UsagePage_PodsOnTwoClusters_TotalAndARowPerClusterAndRegion()
    {
        await using var app = await StartAsync();
        var owner = await app.CreatePersonAsync("spreaduse", Tier.Admin);
        await PlacementTests.CreateNamespaceAsync(app, Ns, owner);
        using var api = await app.ClientForAsync(owner);
        await Eventually.TrueAsync(async () => (await api.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/{Ns}/usage"))
            .GetProperty("total").GetProperty("pods").GetInt32() == 3, "the pods of both clusters never showed in the namespace's usage");

        var usage = await api.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/{Ns}/usage");
        var html = await api.GetStringAsync($"/usage/{Ns}?days=1");

        usage.GetProperty("total").GetProperty("gpus").GetInt64().ShouldBe(3);
        usage.GetProperty("byCluster").GetProperty(East).GetProperty("pods").GetInt32().ShouldBe(2);
        usage.GetProperty("byCluster").GetProperty(West).GetProperty("gpus").GetInt64().ShouldBe(1);
        usage.GetProperty("clusterRegions").GetProperty(West).GetString().ShouldBe("region-west");
        var byRegion = usage.GetProperty("byRegion");
        byRegion.EnumerateObject().Select(r => r.Name).ShouldBe(["eu-west", "region-east", "us-east"]);
        byRegion.GetProperty("us-east").GetProperty("gpus").GetInt64().ShouldBe(2);
        byRegion.GetProperty("region-east").GetProperty("cpuCores").GetDecimal().ShouldBe(2m);
        html.ShouldContain("<h2>Requested now by cluster and region</h2>");
        html.ShouldContain(Row(East, "region-east", pods: 2, cores: 6, memoryGiB: 32, gpus: 2));
        html.ShouldContain(Row(West, "region-west", pods: 1, cores: 1, memoryGiB: 16, gpus: 1));
        html.ShouldContain(Row("us-east", null, pods: 1, cores: 4, memoryGiB: 16, gpus: 2));
        html.ShouldContain(Row("region-east", null, pods: 1, cores: 2, memoryGiB: 16, gpus: 0));
        html.ShouldContain(Row("eu-west", null, pods: 1, cores: 1, memoryGiB: 16, gpus: 1));
    }

    /// <summary>A row of the usage page's cluster table (with <paramref name="region"/>) or region table (without).</summary>
    private static string Row(string name, string? region, int pods, double cores, long memoryGiB, int gpus) =>
        $"<tr><th scope=\"row\">{name}</th>" + (region is null ? "" : $"<td>{region}</td>")
        + $"<td class=\"usage-num\">{Units.Number(pods)}</td><td class=\"usage-num\">{Units.Cores(cores)}</td>"
        + $"<td class=\"usage-num\">{Units.Bytes(memoryGiB * 1024L * 1024 * 1024)}</td><td class=\"usage-num\">{Units.Number(gpus)}</td></tr>";
}
