using Nereid.Kubernetes.Inventory;
using static Nereid.Kubernetes.Tests.Inventory.InventoryObjects;

namespace Nereid.Kubernetes.Tests.Inventory;

/// <summary>Every value a filter offers selects a non-empty set of nodes, the same nodes the summary counts under that value.</summary>
public sealed class FilterChoicesTests
{
    private static IReadOnlyList<NodeInventory> Mixed() =>
    [
        .. InventoryCalculator.Compute(
        [
            GpuNode("a100", "NVIDIA-A100-SXM4-80GB", 8, region: "us-west"),
            GpuNode("l40", "NVIDIA-L40", 4, region: "us-east"),
            GpuNode("l40s", "NVIDIA-L40S", 4, region: "us-east", cordoned: true),
            GpuNode("down", "NVIDIA-L40", 4, region: "us-east", ready: false),
            GpuNode("nolabel", null, 2, region: "us-east"),
            GpuNode("old", "NVIDIA-T4", 1, labels: new()
            {
                ["topology.kubernetes.io/region"] = null, ["failure-domain.beta.kubernetes.io/region"] = "us-central",
            }),
            GpuNode("bare", null, 0, labels: new() { ["topology.kubernetes.io/region"] = null }),
            GpuNode("fpga", null, 0, region: "us-west", extra: new() { ["xilinx.com/fpga-u55c"] = "2" }),
        ], []),
        GpuFactsTests.TimeSliced(),
        GpuFactsTests.MigMixed(),
        GpuFactsTests.LabelsWithoutAllocatable(),
    ];

    [Fact]
    public void GpuTypes_EveryChoice_SelectsExactlyTheNodesTheSummaryCounts()
    {
        var nodes = Mixed();
        var summary = InventorySummarizer.Summarize(nodes, []);

        var choices = InventoryFilter.GpuTypes(nodes);

        choices.ShouldBe(summary.ByGpuType.Select(t => t.Type).Order(StringComparer.Ordinal), ignoreOrder: false);
        choices.ShouldContain("unknown");
        choices.ShouldContain("NVIDIA-H100-80GB-HBM3");
        foreach (var type in choices)
        {
            var matched = nodes.Where(n => Accelerators.Offers(n, type)).ToList();
            var row = summary.ByGpuType.Single(t => t.Type == type);
            matched.ShouldNotBeEmpty(type);
            matched.Count.ShouldBe(row.Nodes, type);
            matched.Sum(n => Accelerators.Of(n).Single(a => a.Type == type).Total).ShouldBe(row.Total, type);
        }
    }

    [Fact]
    public void GpuTypes_SimilarProductNames_MatchExactlyNotBySubstring()
    {
        var nodes = Mixed();

        nodes.Where(n => Accelerators.Offers(n, "NVIDIA-L40")).Select(n => n.Name).ShouldBe(["l40", "down"], ignoreOrder: true);
    }

    [Fact]
    public void Regions_EveryChoice_SelectsExactlyTheNodesTheSummaryCounts()
    {
        var nodes = Mixed();
        var summary = InventorySummarizer.Summarize(nodes, []);

        var choices = InventoryFilter.Regions(nodes);

        choices.ShouldBe(summary.ByRegion.Select(r => r.Region));
        choices.ShouldContain("us-central");
        foreach (var region in choices)
        {
            var matched = nodes.Where(n => InventoryFilter.InRegion(n, region)).ToList();
            matched.ShouldNotBeEmpty(region);
            matched.Count.ShouldBe(summary.ByRegion.Single(r => r.Region == region).Nodes, region);
        }
    }
}
