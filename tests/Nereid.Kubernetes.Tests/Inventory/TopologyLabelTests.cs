using Nereid.Kubernetes.Inventory;
using static Nereid.Kubernetes.Tests.Inventory.InventoryObjects;

namespace Nereid.Kubernetes.Tests.Inventory;

/// <summary>Region and zone from <c>topology.kubernetes.io/*</c>, else the deprecated <c>failure-domain.beta.kubernetes.io/*</c>.</summary>
public sealed class TopologyLabelTests
{
    private static readonly Dictionary<string, string?> LegacyOnly = new()
    {
        ["topology.kubernetes.io/region"] = null, ["topology.kubernetes.io/zone"] = null,
        ["failure-domain.beta.kubernetes.io/region"] = "us-central", ["failure-domain.beta.kubernetes.io/zone"] = "us-central-b",
    };

    [Fact]
    public void Row_LegacyLabelsOnly_ReadsRegionAndZone()
    {
        var row = InventoryCalculator.Compute([GpuNode("old", "NVIDIA-T4", 1, labels: LegacyOnly)], []).Single();

        (row.Region, row.Zone).ShouldBe(("us-central", "us-central-b"));
    }

    [Fact]
    public void Row_BothLabelSets_CurrentLabelWins()
    {
        var labels = new Dictionary<string, string?> { ["failure-domain.beta.kubernetes.io/region"] = "old-name" };

        var row = InventoryCalculator.Compute([GpuNode("n", null, 0, region: "us-west", labels: labels)], []).Single();

        row.Region.ShouldBe("us-west");
    }

    [Fact]
    public void Summarize_LegacyLabelledNode_CountedInItsRegionNotUnknown()
    {
        var nodes = InventoryCalculator.Compute([GpuNode("old", "NVIDIA-T4", 1, labels: LegacyOnly), GpuNode("new", "NVIDIA-T4", 1, region: "us-central")], []);

        var regions = InventorySummarizer.Summarize(nodes, []).ByRegion;

        regions.Select(r => (r.Region, r.Nodes, r.Gpus)).ShouldBe([("us-central", 2, 2L)]);
        InventoryFilter.Regions(nodes).ShouldBe(["us-central"]);
    }

    [Fact]
    public void Regions_NodeWithoutAnyRegion_UnknownOfferedAndMatchesIt()
    {
        var nodes = InventoryCalculator.Compute(
            [GpuNode("bare", null, 0, labels: new() { ["topology.kubernetes.io/region"] = null }), GpuNode("w", null, 0, region: "us-west")], []);

        InventoryFilter.Regions(nodes).ShouldBe(["unknown", "us-west"]);
        nodes.Where(n => InventoryFilter.InRegion(n, "unknown")).Select(n => n.Name).ShouldBe(["bare"]);
    }
}
