using System.Text.Json;
using Nereid.Kubernetes.Inventory;
using Nereid.Kubernetes.Models;
using static Nereid.Kubernetes.Tests.Inventory.InventoryObjects;

namespace Nereid.Kubernetes.Tests.Inventory;

public sealed class FreeForMeTests
{
    private static IReadOnlyList<NodeInventory> Cluster(params Pod[] pods) => InventoryCalculator.Compute(
    [
        GpuNode("a100-1", "NVIDIA-A100-SXM4-80GB", 8, region: "us-west"),
        GpuNode("a100-reserved", "NVIDIA-A100-SXM4-80GB", 8, region: "us-west", taints: [Reservation("lab-x")]),
        GpuNode("l40-1", "NVIDIA-L40", 4, region: "us-east"),
        GpuNode("l40-cordoned", "NVIDIA-L40", 4, region: "us-east", cordoned: true),
        GpuNode("l40-notready", "NVIDIA-L40", 4, region: "us-east", ready: false),
        GpuNode("cpu-1", null, 0, region: "us-east", taints: [new Taint { Key = "soft", Effect = "PreferNoSchedule" }]),
    ], pods);

    [Fact]
    public void Summarize_NoTolerations_ExcludesReservedCordonedAndNotReady()
    {
        var summary = InventorySummarizer.Summarize(Cluster(), []);

        summary.Totals.Gpus.ShouldBe(28);
        summary.Totals.GpusFree.ShouldBe(20);
        summary.Totals.GpusUnavailable.ShouldBe(8);
        summary.Totals.GpusFreeForMe.ShouldBe(12);
        summary.Totals.SchedulableForMe.ShouldBe(3);
        summary.Totals.ReadyNodes.ShouldBe(5);
    }

    [Fact]
    public void Summarize_ReservationTolerated_IncludesReservedNode()
    {
        var tolerations = new[] { TaintMatching.ParseToleration("nautilus.io/reservation=lab-x:NoSchedule") };

        var summary = InventorySummarizer.Summarize(Cluster(), tolerations);

        summary.Totals.GpusFreeForMe.ShouldBe(20);
        summary.ByGpuType.Single(t => t.Type == "NVIDIA-A100-SXM4-80GB").FreeForMe.ShouldBe(16);
    }

    [Fact]
    public void Summarize_OtherReservation_StillExcluded()
    {
        var summary = InventorySummarizer.Summarize(Cluster(), [TaintMatching.ParseToleration("nautilus.io/reservation=lab-y")]);

        summary.Totals.GpusFreeForMe.ShouldBe(12);
    }

    [Fact]
    public void Summarize_MixedGpuTypes_GroupsByProductAndRegion()
    {
        var used = PodOn("lab", "train", "l40-1", limits: new() { ["nvidia.com/gpu"] = "3" });

        var summary = InventorySummarizer.Summarize(Cluster(used), []);

        var l40 = summary.ByGpuType.Single(t => t.Type == "NVIDIA-L40");
        (l40.Nodes, l40.Total, l40.Free, l40.FreeForMe, l40.Kind, l40.Unavailable).ShouldBe((3, 12L, 1L, 1L, "gpu", 8L));
        var east = summary.ByRegion.Single(r => r.Region == "us-east");
        (east.Nodes, east.Gpus, east.GpusFree, east.GpusFreeForMe, east.GpusUnavailable).ShouldBe((4, 12L, 1L, 1L, 8L));
        summary.ByRegion.Single(r => r.Region == "us-west").GpusFreeForMe.ShouldBe(8);
    }

    [Fact]
    public void Summarize_MigAndFpga_ListedByResource()
    {
        var nodes = InventoryCalculator.Compute([GpuNode("m", "A100-MIG", 0, extra: new() { ["nvidia.com/mig-3g.20gb"] = "2", ["xilinx.com/fpga-u55c"] = "1", ["nvidia.com/a100"] = "4" })], []);

        var summary = InventorySummarizer.Summarize(nodes, []);

        summary.ByGpuType.Select(t => (t.Type, t.Kind)).ShouldBe(
            [("xilinx.com/fpga-u55c", "fpga"), ("nvidia.com/mig-3g.20gb", "mig"), ("nvidia.com/a100", "special-gpu")], ignoreOrder: true);
        summary.Totals.Fpgas.ShouldBe(1);
    }

    [Theory]
    [InlineData("k=v:NoSchedule", "k", "v", "NoSchedule", true)]
    [InlineData("k:NoExecute", "k", "other", "NoSchedule", false)]
    [InlineData("k", "k", "anything", "NoExecute", true)]
    [InlineData("k=v", "k", "w", "NoSchedule", false)]
    public void Tolerates_ParsedToleration_MatchesKubernetesRules(string toleration, string key, string value, string effect, bool expected)
    {
        TaintMatching.Tolerates(TaintMatching.ParseToleration(toleration), new Taint { Key = key, Value = value, Effect = effect }).ShouldBe(expected);
    }

    [Fact]
    public void Tolerates_EmptyKeyExists_ToleratesEverything()
    {
        TaintMatching.Tolerates(new Toleration { Operator = "Exists" }, Reservation("x")).ShouldBeTrue();
    }

    [Fact]
    public void Row_GfdReadmeLabels_ReadsA100Facts()
    {
        var labels = JsonSerializer.Deserialize<Dictionary<string, string>>(GfdReadmeLabels.Json)!;
        var node = GpuNode("dgx", null, 1);
        foreach (var (k, v) in labels)
            node.Metadata.Labels![k] = v;

        var row = InventoryCalculator.Row(node, (ResourceAmounts.Zero, 0));

        (row.GpuProduct, row.GpuCountLabel, row.GpuMemoryMiB).ShouldBe(("A100-SXM4-40GB", (int?)1, (long?)39538));
    }
}
