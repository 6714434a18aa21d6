using Nereid.Kubernetes.Inventory;
using static Nereid.Kubernetes.Tests.Inventory.InventoryObjects;

namespace Nereid.Kubernetes.Tests.Inventory;

/// <summary>Free means schedulable now: cordoned and NotReady nodes report their idle capacity apart, with the reason.</summary>
public sealed class AvailabilityTests
{
    private static readonly Dictionary<string, Nereid.Kubernetes.Quantities.Quantity> TwoGpus = new() { ["nvidia.com/gpu"] = "2" };

    [Fact]
    public void Row_CordonedNode_NothingFreeIdleCapacityUnavailable()
    {
        var pod = PodOn("a", "p", "c", requests: new() { ["cpu"] = "4", ["memory"] = "16Gi" }, limits: TwoGpus);

        var row = InventoryCalculator.Compute([GpuNode("c", "NVIDIA-L40", 8, cordoned: true)], [pod]).Single();

        row.Available.ShouldBeFalse();
        row.UnavailableReasons.ShouldBe(["cordoned"]);
        (row.Free.Gpus, row.Free.CpuCores, row.Free.MemoryBytes).ShouldBe((0L, 0m, 0L));
        (row.Unavailable.Gpus, row.Unavailable.CpuCores, row.Unavailable.MemoryBytes).ShouldBe((6L, 60m, 240L << 30));
        row.Requested.Gpus.ShouldBe(2);
    }

    [Fact]
    public void Row_NotReadyNode_NothingFreeReasonNotReady()
    {
        var row = InventoryCalculator.Compute([GpuNode("d", "NVIDIA-L40", 4, ready: false)], []).Single();

        row.UnavailableReasons.ShouldBe(["NotReady"]);
        row.Free.Gpus.ShouldBe(0);
        row.Unavailable.Gpus.ShouldBe(4);
    }

    [Fact]
    public void Row_NotReadyAndCordoned_BothReasons()
    {
        var row = InventoryCalculator.Compute([GpuNode("d", null, 0, ready: false, cordoned: true)], []).Single();

        row.UnavailableReasons.ShouldBe(["NotReady", "cordoned"]);
        row.Unavailable.CpuCores.ShouldBe(64m);
    }

    [Fact]
    public void Row_ReadyNode_FreeIsAllocatableMinusRequestedNothingUnavailable()
    {
        var row = InventoryCalculator.Compute([GpuNode("g", "NVIDIA-L40", 4)], [PodOn("a", "p", "g", limits: TwoGpus)]).Single();

        row.Available.ShouldBeTrue();
        row.Free.Gpus.ShouldBe(2);
        row.Unavailable.Gpus.ShouldBe(0);
    }

    [Fact]
    public void Summarize_CordonedAndNotReady_LeftOutOfFreeInTotalsRegionsAndTypes()
    {
        var nodes = InventoryCalculator.Compute(
        [
            GpuNode("up", "NVIDIA-L40", 4, region: "east"),
            GpuNode("cordoned", "NVIDIA-L40", 4, region: "east", cordoned: true),
            GpuNode("down", "NVIDIA-L40", 4, region: "east", ready: false),
        ], [PodOn("a", "p", "cordoned", requests: new() { ["cpu"] = "8" }, limits: TwoGpus)]);

        var summary = InventorySummarizer.Summarize(nodes, []);

        var t = summary.Totals;
        (t.Gpus, t.GpusFree, t.GpusFreeForMe, t.GpusUnavailable).ShouldBe((12L, 4L, 4L, 6L));
        (t.CpuCores, t.CpuCoresFree, t.CpuCoresUnavailable).ShouldBe((192m, 64m, 120m));
        (t.MemoryBytesFree, t.MemoryBytesUnavailable).ShouldBe((256L << 30, 512L << 30));
        (t.AvailableNodes, t.SchedulableForMe).ShouldBe((1, 1));
        t.UnavailableByReason.OrderBy(e => e.Key).Select(e => (e.Key, e.Value)).ShouldBe([("NotReady", 1), ("cordoned", 1)]);
        var east = summary.ByRegion.Single();
        (east.GpusFree, east.GpusUnavailable, east.CpuCoresFree, east.CpuCoresUnavailable, east.AvailableNodes).ShouldBe((4L, 6L, 64m, 120m, 1));
        var l40 = summary.ByGpuType.Single();
        (l40.Total, l40.Free, l40.FreeForMe, l40.Unavailable).ShouldBe((12L, 4L, 4L, 6L));
    }

    [Fact]
    public void Summarize_ReservedNodeCordoned_NotFreeForReservationHolder()
    {
        var nodes = InventoryCalculator.Compute(
        [
            GpuNode("reserved", "NVIDIA-A100", 8, taints: [Reservation("lab-x")]),
            GpuNode("reserved-cordoned", "NVIDIA-A100", 8, cordoned: true, taints: [Reservation("lab-x")]),
        ], []);
        var tolerations = new[] { TaintMatching.ParseToleration("nautilus.io/reservation=lab-x") };

        var summary = InventorySummarizer.Summarize(nodes, tolerations);

        (summary.Totals.GpusFreeForMe, summary.Totals.SchedulableForMe).ShouldBe((8L, 1));
        summary.ByGpuType.Single().FreeForMe.ShouldBe(8);
        summary.ByRegion.Single().GpusFreeForMe.ShouldBe(8);
    }

    [Fact]
    public void Summarize_AnyCluster_FreePlusUnavailablePlusUsedIsTotal()
    {
        var nodes = InventoryCalculator.Compute(
        [
            GpuNode("a", "NVIDIA-A100", 8), GpuNode("b", "NVIDIA-A100", 8, cordoned: true), GpuNode("c", "NVIDIA-A100", 8, ready: false),
        ], [PodOn("x", "1", "a", limits: TwoGpus), PodOn("x", "2", "b", limits: TwoGpus), PodOn("x", "3", "c", limits: TwoGpus)]);

        var t = InventorySummarizer.Summarize(nodes, []).Totals;

        (t.GpusFree + t.GpusUnavailable + nodes.Sum(n => n.Requested.Gpus)).ShouldBe(t.Gpus);
    }
}
