using Nereid.Kubernetes.Inventory;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Quantities;
using Nereid.Kubernetes.Tests.Support;
using static Nereid.Kubernetes.Tests.Inventory.InventoryObjects;

namespace Nereid.Kubernetes.Tests.Inventory;

public sealed class InventoryCalculatorTests
{
    [Fact]
    public void Compute_GfdFixtureNode_ReadsLabelsAndTypedCapacity()
    {
        var node = System.Text.Json.JsonSerializer.Deserialize<Node>(Fixture.Read("node-gpu-gfd.json"), KubeJson.Options)!;

        var row = InventoryCalculator.Compute([node], []).Single();

        row.Name.ShouldBe(node.Metadata.Name);
        row.GpuProduct.ShouldBe("NVIDIA-A16-4Q");
        row.GpuCountLabel.ShouldBe(1);
        row.GpuMemoryMiB.ShouldBe(4096);
        row.Allocatable.Gpus.ShouldBe(1);
        row.Allocatable.CpuCores.ShouldBe(2m);
        row.Allocatable.MemoryBytes.ShouldBe(16367668L * 1024);
        row.Allocatable.EphemeralStorageBytes.ShouldBe(75959683218L);
        row.Capacity.EphemeralStorageBytes.ShouldBe(78083556L * 1024);
        row.Ready.ShouldBeTrue();
        row.Unschedulable.ShouldBeFalse();
        row.Free.Gpus.ShouldBe(1);
        row.Allocatable.Extended.ContainsKey("pods").ShouldBeFalse();
    }

    [Fact]
    public void Compute_GfdNodeList_OneRowPerNodeWithGpus()
    {
        var list = System.Text.Json.JsonSerializer.Deserialize<KubeList<Node>>(Fixture.Read("node-list-gpu-gfd.json"), KubeJson.Options)!;

        var rows = InventoryCalculator.Compute(list.Items, []);

        rows.Count.ShouldBe(list.Items.Count);
        rows.Sum(r => r.Allocatable.Gpus).ShouldBe(list.Items.Count);
    }

    [Fact]
    public void Compute_GpuRequestedInLimitsOnly_CountsLimit()
    {
        var pod = System.Text.Json.JsonSerializer.Deserialize<Pod>(Fixture.Read("pod-gpu-request.json"), KubeJson.Options)!;
        pod.Spec!.NodeName = "g1";

        var row = InventoryCalculator.Compute([GpuNode("g1", "NVIDIA-A100", 4)], [pod]).Single();

        row.Requested.Gpus.ShouldBe(1);
        row.Free.Gpus.ShouldBe(3);
        row.Pods.ShouldBe(1);
    }

    [Fact]
    public void Compute_SucceededAndFailedPods_Ignored()
    {
        var gpu = new Dictionary<string, Quantity> { ["nvidia.com/gpu"] = "2" };
        Pod[] pods =
        [
            PodOn("a", "done", "g1", "Succeeded", limits: gpu),
            PodOn("a", "crashed", "g1", "Failed", limits: gpu),
            PodOn("a", "running", "g1", "Running", limits: gpu),
        ];

        var row = InventoryCalculator.Compute([GpuNode("g1", "NVIDIA-A100", 4)], pods).Single();

        row.Requested.Gpus.ShouldBe(2);
        row.Pods.ShouldBe(1);
    }

    [Fact]
    public void Compute_InitContainerLargerThanAppSum_UsesMaxRule()
    {
        var init = new List<Container> { new() { Name = "init", Resources = new() { Requests = new() { ["cpu"] = "8", ["memory"] = "1Gi" } } } };
        var pod = PodOn("a", "p", "g1", requests: new() { ["cpu"] = "2", ["memory"] = "4Gi" }, init: init);

        var row = InventoryCalculator.Compute([GpuNode("g1", null, 0)], [pod]).Single();

        row.Requested.CpuCores.ShouldBe(8m);
        row.Requested.MemoryBytes.ShouldBe(4L << 30);
        row.Free.CpuCores.ShouldBe(56m);
    }

    [Fact]
    public void Compute_OverCommittedNode_FreeNeverNegative()
    {
        var pod = PodOn("a", "p", "g1", requests: new() { ["cpu"] = "100m", ["nvidia.com/gpu"] = "3" });

        var row = InventoryCalculator.Compute([GpuNode("g1", "NVIDIA-A10", 2)], [pod]).Single();

        row.Free.Gpus.ShouldBe(0);
        row.Free.CpuCores.ShouldBe(63.9m);
    }

    [Fact]
    public void Compute_MigAndFpgaNode_ExtendedResourcesTyped()
    {
        var mig = GpuNode("mig1", "NVIDIA-A100-SXM4-40GB-MIG-1g.5gb", 0,
            extra: new() { ["nvidia.com/mig-1g.5gb"] = "7", ["xilinx.com/fpga-xilinx_u250_gen3x16_xdma_shell_3_1"] = "2", ["hugepages-2Mi"] = "0" });
        var pod = PodOn("a", "p", "mig1", limits: new() { ["nvidia.com/mig-1g.5gb"] = "2" });

        var row = InventoryCalculator.Compute([mig], [pod]).Single();

        row.Allocatable.ExtendedOf("nvidia.com/mig-1g.5gb").ShouldBe(7);
        row.Free.ExtendedOf("nvidia.com/mig-1g.5gb").ShouldBe(5);
        row.Free.ExtendedOf("xilinx.com/fpga-xilinx_u250_gen3x16_xdma_shell_3_1").ShouldBe(2);
        row.Allocatable.Extended.ContainsKey("hugepages-2Mi").ShouldBeFalse();
    }

    [Fact]
    public void Compute_PodOnUnknownOrNoNode_Ignored()
    {
        Pod[] pods = [PodOn("a", "pending", null, "Pending", limits: new() { ["nvidia.com/gpu"] = "1" }), PodOn("a", "x", "gone", limits: new() { ["nvidia.com/gpu"] = "1" })];

        var row = InventoryCalculator.Compute([GpuNode("g1", "T4", 1)], pods).Single();

        row.Requested.Gpus.ShouldBe(0);
    }
}
