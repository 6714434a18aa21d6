using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Nereid.Server.FunctionalTests.Resources;

/// <summary>Issue 10 item 5 through the API and the page, against the Kubernetes API double: free means schedulable now.</summary>
public sealed partial class InventoryTrustTests(InventoryTrustWorld world) : IClassFixture<InventoryTrustWorld>
{
    [Fact]
    public async Task Summary_CordonedAndNotReady_IdleCapacityReportedApartFromFree()
    {
        var totals = (await SummaryAsync()).GetProperty("totals");

        // Slots: l40-up 4 (1 used), cordoned 4 (2 used), down 4, t4 1, a100-ts 56, a100-mig 0, h100 0.
        totals.GetProperty("gpus").GetInt64().ShouldBe(69);
        totals.GetProperty("gpusFree").GetInt64().ShouldBe(3 + 1 + 56);
        totals.GetProperty("gpusUnavailable").GetInt64().ShouldBe(2 + 4);
        totals.GetProperty("cpuCoresUnavailable").GetDecimal().ShouldBe(60m + 64m);
        totals.GetProperty("availableNodes").GetInt32().ShouldBe(5);
        totals.GetProperty("unavailableByReason").GetProperty("cordoned").GetInt32().ShouldBe(1);
        totals.GetProperty("unavailableByReason").GetProperty("NotReady").GetInt32().ShouldBe(1);
        var east = Rows(await SummaryAsync(), "byRegion").Single(r => r.GetProperty("region").GetString() == "us-east");
        (east.GetProperty("gpusFree").GetInt64(), east.GetProperty("gpusUnavailable").GetInt64()).ShouldBe((3L, 6L));
    }

    [Fact]
    public async Task Nodes_CordonedNode_FreeZeroWithReasonAndIdle()
    {
        var node = (await NodesAsync("")).Single(n => n.GetProperty("name").GetString() == "l40-cordoned");

        node.GetProperty("free").GetProperty("gpus").GetInt64().ShouldBe(0);
        node.GetProperty("unavailable").GetProperty("gpus").GetInt64().ShouldBe(2);
        node.GetProperty("available").GetBoolean().ShouldBeFalse();
        node.GetProperty("unavailableReasons").EnumerateArray().Select(r => r.GetString()).ShouldBe(["cordoned"]);
    }

    [Fact]
    public async Task Nodes_LegacyTopologyLabels_RegionAndZoneRead()
    {
        var node = (await NodesAsync("?region=us-central")).Single();

        (node.GetProperty("name").GetString(), node.GetProperty("zone").GetString()).ShouldBe(("t4-old", "us-central-b"));
    }

    [Fact]
    public async Task Nodes_TimeSlicedAndMig_PhysicalAndSlotsSideBySide()
    {
        var nodes = (await NodesAsync("")).ToDictionary(n => n.GetProperty("name").GetString()!);

        var ts = nodes["a100-ts"];
        (ts.GetProperty("physicalGpus").GetInt32(), ts.GetProperty("gpuSlots").GetInt64()).ShouldBe((8, 56L));
        ts.GetProperty("gpuText").GetString().ShouldBe("8 GPUs (physical) · 56 slots (time-sliced ×7)");
        var mig = nodes["a100-mig"];
        (mig.GetProperty("physicalGpus").GetInt32(), mig.GetProperty("gpuSlots").GetInt64()).ShouldBe((1, 7L));
        mig.GetProperty("gpuText").GetString().ShouldBe("1 GPU (physical) · 7 slots (MIG)");
        var totals = (await SummaryAsync()).GetProperty("totals");
        (totals.GetProperty("physicalGpus").GetInt64(), totals.GetProperty("gpus").GetInt64()).ShouldBe((4 + 4 + 4 + 1 + 8 + 1 + 8L, 69L));
    }

    [Fact]
    public async Task Nodes_LabelsSayEightPluginAdvertisesNone_FlaggedNotVanished()
    {
        var node = (await NodesAsync("?gpuType=NVIDIA-H100-80GB-HBM3")).Single();

        node.GetProperty("warnings").EnumerateArray().Single().GetString()
            .ShouldBe("GPU labels say 8 GPUs (8 slots) but the device plugin advertises 0.");
        var summary = await SummaryAsync();
        summary.GetProperty("totals").GetProperty("flaggedNodes").GetInt32().ShouldBe(1);
        var h100 = Rows(summary, "byGpuType").Single(t => t.GetProperty("type").GetString() == "NVIDIA-H100-80GB-HBM3");
        (h100.GetProperty("physicalGpus").GetInt64(), h100.GetProperty("total").GetInt64(), h100.GetProperty("flaggedNodes").GetInt32()).ShouldBe((8L, 0L, 1));
        var html = WebUtility.HtmlDecode(await world.UserClient.GetStringAsync("/resources"));
        html.ShouldContain("GPU labels say 8 GPUs (8 slots) but the device plugin advertises 0.");
        html.ShouldContain("8 GPUs (physical) · 56 slots (time-sliced ×7)");
    }

    [Fact]
    public async Task Page_EveryFilterValueOffered_SelectsNonEmptyConsistentRows()
    {
        var page = await world.UserClient.GetStringAsync("/resources");
        var summary = await SummaryAsync();
        var types = Options(page, "gpuType");
        var regions = Options(page, "region");
        types.ShouldBe(Rows(summary, "byGpuType").Select(t => t.GetProperty("type").GetString()!), ignoreOrder: true);
        regions.ShouldBe(Rows(summary, "byRegion").Select(r => r.GetProperty("region").GetString()!), ignoreOrder: true);
        regions.ShouldNotContain("unknown");

        foreach (var type in types)
        {
            var items = await NodesAsync("?gpuType=" + Uri.EscapeDataString(type));
            var expected = Rows(summary, "byGpuType").Single(t => t.GetProperty("type").GetString() == type).GetProperty("nodes").GetInt32();
            items.Count.ShouldBe(expected, type);
            items.ShouldNotBeEmpty(type);
            items.ShouldAllBe(n => n.GetProperty("gpuTypes").EnumerateArray().Any(t => t.GetString() == type));
            await PageShowsExactlyAsync("gpuType=" + Uri.EscapeDataString(type), items);
        }
        foreach (var region in regions)
        {
            var items = await NodesAsync("?region=" + Uri.EscapeDataString(region));
            items.Count.ShouldBe(Rows(summary, "byRegion").Single(r => r.GetProperty("region").GetString() == region).GetProperty("nodes").GetInt32(), region);
            items.ShouldNotBeEmpty(region);
            items.ShouldAllBe(n => n.GetProperty("region").GetString() == region);
            await PageShowsExactlyAsync("region=" + Uri.EscapeDataString(region), items);
        }
        var mine = await NodesAsync("?freeForMe=true");
        mine.Count.ShouldBe(summary.GetProperty("totals").GetProperty("schedulableForMe").GetInt32());
        mine.ShouldNotBeEmpty();
        await PageShowsExactlyAsync("freeForMe=true", mine);
    }

    private async Task PageShowsExactlyAsync(string query, List<JsonElement> items)
    {
        var html = await world.UserClient.GetStringAsync("/resources?" + query);
        var grid = html[html.IndexOf("id=\"res-nodes\"", StringComparison.Ordinal)..];
        var shown = NodeCell().Matches(grid).Select(m => m.Groups[1].Value).ToList();
        shown.ShouldBe(items.Select(n => n.GetProperty("name").GetString()!), ignoreOrder: true, query);
    }

    private static List<string> Options(string html, string select)
    {
        var start = html.IndexOf($"<select id=\"{select}\"", StringComparison.Ordinal);
        var body = html[start..html.IndexOf("</select>", start, StringComparison.Ordinal)];
        return [.. OptionValue().Matches(body).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Where(v => v.Length > 0)];
    }

    private async Task<JsonElement> SummaryAsync() => (await ResourcesWorld.GetJsonAsync(world.UserClient, "/api/v1/resources/summary")).GetProperty("summary");

    private async Task<List<JsonElement>> NodesAsync(string query) =>
        [.. (await ResourcesWorld.GetJsonAsync(world.UserClient, "/api/v1/resources/nodes" + query)).GetProperty("items").EnumerateArray()];

    private static List<JsonElement> Rows(JsonElement summary, string name) => [.. summary.GetProperty(name).EnumerateArray()];

    [GeneratedRegex("<option value=\"([^\"]*)\"")]
    private static partial Regex OptionValue();

    [GeneratedRegex("<tr>\\s*<td>([^<]+)</td>")]
    private static partial Regex NodeCell();
}
