using Nereid.Kubernetes.Inventory;
using static Nereid.Kubernetes.Tests.Inventory.InventoryObjects;

namespace Nereid.Kubernetes.Tests.Inventory;

public sealed class NamespaceUsageTests
{
    [Fact]
    public void Compute_PodsOnMixedNodes_GroupsGpusByNodeProduct()
    {
        var nodes = InventoryCalculator.Compute([GpuNode("a", "NVIDIA-A100", 8), GpuNode("l", "NVIDIA-L40", 4)], []).ToDictionary(n => n.Name);
        var pods = new[]
        {
            PodOn("lab", "p1", "a", requests: new() { ["cpu"] = "4", ["memory"] = "16Gi" }, limits: new() { ["nvidia.com/gpu"] = "2" }),
            PodOn("lab", "p2", "l", requests: new() { ["cpu"] = "500m" }, limits: new() { ["nvidia.com/gpu"] = "1" }),
            PodOn("lab", "p3", null, "Pending", limits: new() { ["nvidia.com/gpu"] = "1" }),
            PodOn("lab", "done", "a", "Succeeded", limits: new() { ["nvidia.com/gpu"] = "4" }),
            PodOn("other", "p4", "a", limits: new() { ["nvidia.com/gpu"] = "4" }),
        };

        var usage = NamespaceUsage.Compute("lab", pods, nodes);

        usage.Pods.ShouldBe(3);
        usage.Gpus.ShouldBe(4);
        usage.CpuCores.ShouldBe(4.5m);
        usage.MemoryBytes.ShouldBe(16L << 30);
        usage.GpusByType.OrderBy(e => e.Key).Select(e => (e.Key, e.Value)).ShouldBe([("NVIDIA-A100", 2L), ("NVIDIA-L40", 1L), ("pending", 1L)]);
    }
}
