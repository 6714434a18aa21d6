using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Quantities;

namespace Nereid.Kubernetes.Tests.Inventory;

/// <summary>Builds synthetic nodes and pods for the inventory tests.</summary>
internal static class InventoryObjects
{
    public static Node GpuNode(string name, string? product, int gpus, string region = "us-west", bool ready = true,
        bool cordoned = false, IEnumerable<Taint>? taints = null, Dictionary<string, string>? extra = null, Dictionary<string, string?>? labels = null)
    {
        var allocatable = new Dictionary<string, Quantity>
        {
            ["cpu"] = "64", ["memory"] = "256Gi", ["ephemeral-storage"] = "1Ti", ["pods"] = "110",
        };
        if (gpus > 0)
            allocatable["nvidia.com/gpu"] = new Quantity(gpus);
        foreach (var (k, v) in extra ?? [])
            allocatable[k] = v;
        var nodeLabels = new Dictionary<string, string> { ["topology.kubernetes.io/region"] = region, ["topology.kubernetes.io/zone"] = region + "-a" };
        if (product is not null)
        {
            nodeLabels["nvidia.com/gpu.product"] = product;
            nodeLabels["nvidia.com/gpu.count"] = gpus.ToString(System.Globalization.CultureInfo.InvariantCulture);
            nodeLabels["nvidia.com/gpu.memory"] = "81920";
        }
        // Overrides: a null value removes the label.
        foreach (var (k, v) in labels ?? [])
        {
            if (v is null)
                nodeLabels.Remove(k);
            else
                nodeLabels[k] = v;
        }
        return new Node
        {
            Metadata = new ObjectMeta { Name = name, Labels = nodeLabels },
            Spec = new NodeSpec { Unschedulable = cordoned ? true : null, Taints = taints?.ToList() },
            Status = new NodeStatus
            {
                Capacity = new Dictionary<string, Quantity>(allocatable),
                Allocatable = allocatable,
                Conditions = [new Condition { Type = "Ready", Status = ready ? "True" : "False" }],
            },
        };
    }

    public static Pod PodOn(string ns, string name, string? node, string? phase = "Running",
        Dictionary<string, Quantity>? requests = null, Dictionary<string, Quantity>? limits = null, List<Container>? init = null) => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name },
        Spec = new PodSpec
        {
            NodeName = node,
            Containers = [new Container { Name = "main", Resources = new ResourceRequirements { Requests = requests, Limits = limits } }],
            InitContainers = init,
        },
        Status = new PodStatus { Phase = phase },
    };

    public static Taint Reservation(string ns) => new() { Key = "nautilus.io/reservation", Value = ns, Effect = "NoSchedule" };
}
