using System.Globalization;
using System.Text.Json.Nodes;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// The cluster the <c>session-options</c> scenario seeds into the API double, deterministic for a seed: 60% CPU nodes,
/// the rest GPU nodes of six products (A100 80 GB among them) with GPU Feature Discovery labels; 3% cordoned, 2% NotReady,
/// 5% reserved for one namespace by a NoSchedule taint; about half the GPU nodes run a pod of some namespace using
/// part of their GPUs.
/// </summary>
internal sealed record SessionOptionsCluster(List<JsonObject> Objects, int Nodes, int GpuNodes, int A100Nodes, int Pods)
{
    /// <summary>The taint key reserving a node for a namespace (the server is told the same key).</summary>
    public const string ReservationTaint = "nautilus.io/reservation";

    private static readonly (string Product, int Gpus)[] Products =
    [
        ("NVIDIA-A100-SXM4-80GB", 8), ("NVIDIA-A40", 4), ("NVIDIA-GeForce-RTX-3090", 8),
        ("Tesla-V100-SXM2-32GB", 4), ("NVIDIA-TITAN-Xp", 8), ("Quadro-RTX-8000", 4),
    ];

    private static readonly string[] Regions = ["us-west", "us-central", "us-east", "us-mountain"];

    /// <summary>Builds <paramref name="nodes"/> nodes and their pods, pods spread over <paramref name="namespaces"/>.</summary>
    public static SessionOptionsCluster Build(int nodes, IReadOnlyList<string> namespaces, int seed)
    {
        var random = new Random(seed);
        var objects = new List<JsonObject>();
        int gpuNodes = 0, a100 = 0, pods = 0;
        for (var i = 0; i < nodes; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"node-{i:D5}");
            var region = Regions[random.Next(Regions.Length)];
            var gpu = random.NextDouble() < 0.4 ? Products[random.Next(Products.Length)] : ((string Product, int Gpus)?)null;
            var roll = random.NextDouble();
            var cordoned = roll < 0.03;
            var ready = roll is < 0.03 or >= 0.05;
            string? reservedFor = roll is >= 0.05 and < 0.10 ? namespaces[random.Next(namespaces.Count)] : null;
            objects.Add(Node(name, region, gpu, ready, cordoned, reservedFor));
            if (gpu is not { } g)
                continue;
            gpuNodes++;
            a100 += g.Product.Contains("A100", StringComparison.Ordinal) ? 1 : 0;
            if (random.NextDouble() < 0.5)
            {
                var ns = reservedFor ?? namespaces[random.Next(namespaces.Count)];
                objects.Add(Pod(ns, $"job-{i:D5}", name, 1 + random.Next(g.Gpus)));
                pods++;
            }
        }
        return new SessionOptionsCluster(objects, nodes, gpuNodes, a100, pods);
    }

    private static JsonObject Node(string name, string region, (string Product, int Gpus)? gpu, bool ready, bool cordoned, string? reservedFor)
    {
        var labels = new JsonObject
        {
            ["kubernetes.io/hostname"] = name,
            ["topology.kubernetes.io/region"] = region,
            ["topology.kubernetes.io/zone"] = region + "-a",
        };
        var allocatable = new JsonObject { ["cpu"] = "64", ["memory"] = "256Gi", ["ephemeral-storage"] = "1Ti", ["pods"] = "110" };
        if (gpu is { } g)
        {
            labels["nvidia.com/gpu.product"] = g.Product;
            labels["nvidia.com/gpu.count"] = g.Gpus.ToString(CultureInfo.InvariantCulture);
            allocatable["nvidia.com/gpu"] = g.Gpus.ToString(CultureInfo.InvariantCulture);
        }
        var spec = new JsonObject();
        if (cordoned)
            spec["unschedulable"] = true;
        if (reservedFor is not null)
            spec["taints"] = new JsonArray(new JsonObject { ["key"] = ReservationTaint, ["value"] = reservedFor, ["effect"] = "NoSchedule" });
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["capacity"] = allocatable.DeepClone(),
                ["allocatable"] = allocatable,
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
            },
        };
    }

    private static JsonObject Pod(string ns, string name, string node, int gpus) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["nodeName"] = node,
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "main",
                ["image"] = "pytorch/pytorch:2.5",
                ["resources"] = new JsonObject
                {
                    ["requests"] = new JsonObject { ["cpu"] = "4", ["memory"] = "16Gi", ["nvidia.com/gpu"] = gpus.ToString(CultureInfo.InvariantCulture) },
                    ["limits"] = new JsonObject { ["nvidia.com/gpu"] = gpus.ToString(CultureInfo.InvariantCulture) },
                },
            }),
        },
        ["status"] = new JsonObject { ["phase"] = "Running" },
    };
}
