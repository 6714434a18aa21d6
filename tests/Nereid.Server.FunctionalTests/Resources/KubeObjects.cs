using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Quantities;

namespace Nereid.Server.FunctionalTests.Resources;

/// <summary>Nodes and pods to seed into the Kubernetes API double, as the apiserver would store them.</summary>
internal static class KubeObjects
{
    public static JsonObject GpuNode(string name, string? product, int gpus, string region, bool ready = true, bool cordoned = false, string? reservedFor = null)
    {
        var allocatable = new Dictionary<string, Quantity> { ["cpu"] = "64", ["memory"] = "256Gi", ["ephemeral-storage"] = "1Ti", ["pods"] = "110" };
        if (gpus > 0)
            allocatable["nvidia.com/gpu"] = new Quantity(gpus);
        var labels = new Dictionary<string, string> { ["topology.kubernetes.io/region"] = region, ["topology.kubernetes.io/zone"] = region + "-a" };
        if (product is not null)
        {
            labels["nvidia.com/gpu.product"] = product;
            labels["nvidia.com/gpu.count"] = gpus.ToString(System.Globalization.CultureInfo.InvariantCulture);
            labels["nvidia.com/gpu.memory"] = "81920";
        }
        var node = new Node
        {
            Metadata = new ObjectMeta { Name = name, Labels = labels },
            Spec = new NodeSpec
            {
                Unschedulable = cordoned ? true : null,
                Taints = reservedFor is null ? null : [new Taint { Key = "nautilus.io/reservation", Value = reservedFor, Effect = "NoSchedule" }],
            },
            Status = new NodeStatus
            {
                Capacity = new Dictionary<string, Quantity>(allocatable),
                Allocatable = allocatable,
                Conditions = [new Condition { Type = "Ready", Status = ready ? "True" : "False" }],
            },
        };
        return ToJson(node);
    }

    /// <summary>A node with exactly these labels and allocatable (capacity the same), for GPU Feature Discovery and topology cases.</summary>
    public static JsonObject Node(string name, Dictionary<string, string> labels, Dictionary<string, Quantity> allocatable, bool ready = true, bool cordoned = false)
    {
        var all = new Dictionary<string, Quantity> { ["cpu"] = "64", ["memory"] = "256Gi", ["ephemeral-storage"] = "1Ti", ["pods"] = "110" };
        foreach (var (k, v) in allocatable)
            all[k] = v;
        return ToJson(new Node
        {
            Metadata = new ObjectMeta { Name = name, Labels = labels },
            Spec = new NodeSpec { Unschedulable = cordoned ? true : null },
            Status = new NodeStatus
            {
                Capacity = new Dictionary<string, Quantity>(all),
                Allocatable = all,
                Conditions = [new Condition { Type = "Ready", Status = ready ? "True" : "False" }],
            },
        });
    }

    public static JsonObject GpuPod(string ns, string name, string? node, int gpus, string cpu = "4", string memory = "16Gi", string phase = "Running") => ToJson(new Pod
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name },
        Spec = new PodSpec
        {
            NodeName = node,
            Containers =
            [
                new Container
                {
                    Name = "main", Image = "pytorch/pytorch:2.5",
                    Resources = new ResourceRequirements
                    {
                        Requests = new() { ["cpu"] = cpu, ["memory"] = memory },
                        Limits = gpus > 0 ? new() { ["nvidia.com/gpu"] = new Quantity(gpus) } : null,
                    },
                },
            ],
        },
        Status = new PodStatus { Phase = phase },
    });

    private static JsonObject ToJson<T>(T obj) => JsonSerializer.SerializeToNode(obj, KubeJson.Options)!.AsObject();
}
