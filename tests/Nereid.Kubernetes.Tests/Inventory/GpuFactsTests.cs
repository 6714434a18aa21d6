using Nereid.Kubernetes.Inventory;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Tests.Support;
using static Nereid.Kubernetes.Tests.Inventory.InventoryObjects;

namespace Nereid.Kubernetes.Tests.Inventory;

/// <summary>
/// Physical GPUs and advertised slots, from labels as GPU Feature Discovery writes them (NVIDIA/k8s-device-plugin
/// <c>internal/lm/resource.go</c> and <c>mig-strategy.go</c>): <c>gpu.count</c> physical, <c>gpu.replicas</c> and
/// <c>gpu.sharing-strategy</c> under sharing with <c>-SHARED</c> appended to the product, <c>mig.strategy</c> and
/// <c>mig-&lt;profile&gt;.count</c> under MIG.
/// </summary>
public sealed class GpuFactsTests
{
    internal static NodeInventory TimeSliced(string name = "ts", bool cordoned = false) => Row(GpuNode(name, "NVIDIA-A100-SXM4-80GB-SHARED", 56, cordoned: cordoned,
        labels: new() { ["nvidia.com/gpu.count"] = "8", ["nvidia.com/gpu.replicas"] = "7", ["nvidia.com/gpu.sharing-strategy"] = "time-slicing" }));

    internal static NodeInventory MigMixed(string name = "mig") => Row(GpuNode(name, "NVIDIA-A100-SXM4-40GB", 0,
        extra: new() { ["nvidia.com/mig-1g.5gb"] = "7", ["nvidia.com/mig-3g.20gb"] = "2", ["nvidia.com/gpu"] = "0" },
        labels: new()
        {
            ["nvidia.com/gpu.count"] = "2", ["nvidia.com/gpu.replicas"] = "0", ["nvidia.com/mig.strategy"] = "mixed",
            ["nvidia.com/mig-1g.5gb.count"] = "7", ["nvidia.com/mig-1g.5gb.product"] = "NVIDIA-A100-SXM4-40GB-MIG-1g.5gb",
            ["nvidia.com/mig-3g.20gb.count"] = "2",
        }));

    internal static NodeInventory LabelsWithoutAllocatable(string name = "plugin-down") => Row(GpuNode(name, "NVIDIA-H100-80GB-HBM3", 0,
        labels: new() { ["nvidia.com/gpu.count"] = "8", ["nvidia.com/gpu.replicas"] = "1" }));

    [Fact]
    public void Row_TimeSliced_PhysicalAndSlotsApart()
    {
        var row = TimeSliced();

        (row.Gpu.PhysicalGpus, row.Gpu.Slots, row.Gpu.Sharing, row.Gpu.Replicas, row.Gpu.Mismatch).ShouldBe((8, 56L, GpuSharing.TimeSliced, (int?)7, (string?)null));
        Accelerators.Text(row).ShouldBe("8 GPUs (physical) · 56 slots (time-sliced ×7)");
    }

    [Fact]
    public void Summarize_TimeSliced_PhysicalNotCountedAsSlotsOrViceVersa()
    {
        var summary = InventorySummarizer.Summarize([TimeSliced(), Row(GpuNode("whole", "NVIDIA-A100-SXM4-80GB", 4))], []);

        (summary.Totals.PhysicalGpus, summary.Totals.Gpus).ShouldBe((12L, 60L));
        var shared = summary.ByGpuType.Single(t => t.Type == "NVIDIA-A100-SXM4-80GB-SHARED");
        (shared.PhysicalGpus, shared.Total, shared.Sharing, shared.Text).ShouldBe((8L, 56L, "time-sliced ×7", "8 GPUs (physical) · 56 slots (time-sliced ×7)"));
        summary.ByGpuType.Single(t => t.Type == "NVIDIA-A100-SXM4-80GB").Text.ShouldBe("4 GPUs");
    }

    [Fact]
    public void Row_Mps_SharingMps()
    {
        var row = Row(GpuNode("mps", "NVIDIA-L40-SHARED", 8,
            labels: new() { ["nvidia.com/gpu.count"] = "2", ["nvidia.com/gpu.replicas"] = "4", ["nvidia.com/gpu.sharing-strategy"] = "mps" }));

        (row.Gpu.Sharing, row.Gpu.Mismatch).ShouldBe((GpuSharing.Mps, (string?)null));
        Accelerators.Text(row).ShouldBe("2 GPUs (physical) · 8 slots (MPS ×4)");
    }

    [Fact]
    public void Row_MigMixed_PhysicalFromLabelsSlotsFromProfiles()
    {
        var row = MigMixed();

        (row.Gpu.PhysicalGpus, row.Gpu.Slots, row.Gpu.Sharing, row.Gpu.Mismatch).ShouldBe((2, 9L, GpuSharing.MigMixed, (string?)null));
        Accelerators.Text(row).ShouldBe("2 GPUs (physical) · 9 slots (MIG)");
    }

    [Fact]
    public void Summarize_MigMixed_GpuRowShowsPhysicalProfilesShowSlots()
    {
        var summary = InventorySummarizer.Summarize([MigMixed()], []);

        var gpu = summary.ByGpuType.Single(t => t.Kind == "gpu");
        (gpu.Type, gpu.PhysicalGpus, gpu.Total, gpu.Sharing).ShouldBe(("NVIDIA-A100-SXM4-40GB", 2L, 0L, "MIG"));
        summary.ByGpuType.Where(t => t.Kind == "mig").Select(t => (t.Type, t.Total, t.Free)).ShouldBe(
            [("nvidia.com/mig-1g.5gb", 7L, 7L), ("nvidia.com/mig-3g.20gb", 2L, 2L)]);
        summary.Totals.PhysicalGpus.ShouldBe(2);
    }

    [Fact]
    public void Row_MigMixedProfileMissingFromAllocatable_Flagged()
    {
        var node = GpuNode("mig", "NVIDIA-A100-SXM4-40GB", 0, extra: new() { ["nvidia.com/mig-1g.5gb"] = "3" },
            labels: new() { ["nvidia.com/gpu.count"] = "1", ["nvidia.com/mig.strategy"] = "mixed", ["nvidia.com/mig-1g.5gb.count"] = "7" });

        Row(node).Warnings.Single().ShouldBe("MIG labels and allocatable disagree (1g.5gb: labels 7, advertised 3).");
    }

    [Fact]
    public void Row_MigSingle_SlotsCountedPhysicalUnknown()
    {
        var row = Row(GpuNode("single", "NVIDIA-A100-SXM4-40GB-MIG-1g.5gb", 14, labels: new() { ["nvidia.com/mig.strategy"] = "single" }));

        (row.Gpu.PhysicalGpus, row.Gpu.Slots, row.Gpu.Sharing, row.Gpu.Mismatch).ShouldBe(((int?)null, 14L, GpuSharing.MigSingle, (string?)null));
        Accelerators.Text(row).ShouldBe("physical count unknown · 14 slots (MIG single)");
    }

    [Fact]
    public void Row_LabelsSayEightPluginAdvertisesNone_FlaggedAndStillCounted()
    {
        var row = LabelsWithoutAllocatable();

        row.Warnings.ShouldBe(["GPU labels say 8 GPUs (8 slots) but the device plugin advertises 0."]);
        Accelerators.Text(row).ShouldBe("8 GPUs (physical) · 0 slots");
        var summary = InventorySummarizer.Summarize([row], []);
        (summary.Totals.PhysicalGpus, summary.Totals.Gpus, summary.Totals.FlaggedNodes).ShouldBe((8L, 0L, 1));
        var type = summary.ByGpuType.Single();
        (type.Type, type.Nodes, type.PhysicalGpus, type.Total, type.FlaggedNodes).ShouldBe(("NVIDIA-H100-80GB-HBM3", 1, 8L, 0L, 1));
    }

    [Fact]
    public void Row_TimeSlicedButFewerSlotsAdvertised_Flagged()
    {
        var row = Row(GpuNode("ts", "NVIDIA-T4-SHARED", 3, labels: new() { ["nvidia.com/gpu.count"] = "1", ["nvidia.com/gpu.replicas"] = "4" }));

        row.Warnings.ShouldBe(["GPU labels say 1 GPU × 4 replicas (4 slots) but the device plugin advertises 3."]);
    }

    [Fact]
    public void Row_RenamedSharedResource_CountsAsSlotsNotFlagged()
    {
        var row = Row(GpuNode("ts", "NVIDIA-T4", 0, extra: new() { ["nvidia.com/gpu.shared"] = "8" },
            labels: new() { ["nvidia.com/gpu.count"] = "2", ["nvidia.com/gpu.replicas"] = "4", ["nvidia.com/gpu.sharing-strategy"] = "time-slicing" }));

        (row.Gpu.PhysicalGpus, row.Gpu.Slots, row.Gpu.Mismatch).ShouldBe((2, 8L, (string?)null));
    }

    [Fact]
    public void Row_AllocatableWithoutGfdLabels_NotFlaggedPhysicalUnknown()
    {
        var row = Row(GpuNode("nolabels", null, 4));

        (row.Gpu.PhysicalGpus, row.Gpu.Slots, row.Warnings.Count).ShouldBe(((int?)null, 4L, 0));
        Accelerators.Text(row).ShouldBe("physical count unknown · 4 slots");
    }

    [Fact]
    public void Row_GfdFixtureNode_WholeGpuNotFlagged()
    {
        var node = System.Text.Json.JsonSerializer.Deserialize<Node>(Fixture.Read("node-gpu-gfd.json"), KubeJson.Options)!;

        var row = Row(node);

        (row.Gpu.PhysicalGpus, row.Gpu.Sharing, row.Gpu.Slots, row.Gpu.Mismatch).ShouldBe((1, GpuSharing.Whole, 1L, (string?)null));
        Accelerators.Text(row).ShouldBe("1 GPU");
    }

    private static NodeInventory Row(Node node) => InventoryCalculator.Row(node, (ResourceAmounts.Zero, 0));
}
