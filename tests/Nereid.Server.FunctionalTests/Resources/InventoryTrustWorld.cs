using Nereid.Domain.People;
using Nereid.KubeDouble;
using Nereid.Server.Resources;
using Microsoft.Extensions.DependencyInjection;

namespace Nereid.Server.FunctionalTests.Resources;

/// <summary>
/// A cluster (double) with each inventory defect of issue 10: a ready L40 node with one GPU in use, a cordoned and a NotReady L40
/// node, a node labelled only with the deprecated failure-domain region, a time-sliced A100 node (8 GPUs × 7 replicas), a MIG
/// (mixed) A100 node, and an H100 node whose GFD labels say 8 GPUs while the device plugin advertises none. Labels as GFD writes them.
/// </summary>
public sealed class InventoryTrustWorld : IAsyncLifetime
{
    public KubeApiDouble Kube { get; private set; } = null!;
    public ClusterAppFactory App { get; private set; } = null!;
    public HttpClient UserClient { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions
        {
            SeedObjects =
            [
                KubeObjects.GpuNode("l40-up", "NVIDIA-L40", 4, "us-east"),
                KubeObjects.GpuNode("l40-cordoned", "NVIDIA-L40", 4, "us-east", cordoned: true),
                KubeObjects.GpuNode("l40-down", "NVIDIA-L40", 4, "us-east", ready: false),
                KubeObjects.Node("t4-old", new()
                {
                    ["failure-domain.beta.kubernetes.io/region"] = "us-central", ["failure-domain.beta.kubernetes.io/zone"] = "us-central-b",
                    ["nvidia.com/gpu.product"] = "Tesla-T4", ["nvidia.com/gpu.count"] = "1", ["nvidia.com/gpu.replicas"] = "1",
                }, new() { ["nvidia.com/gpu"] = "1" }),
                KubeObjects.Node("a100-ts", new()
                {
                    ["topology.kubernetes.io/region"] = "us-west", ["nvidia.com/gpu.product"] = "NVIDIA-A100-SXM4-80GB-SHARED",
                    ["nvidia.com/gpu.count"] = "8", ["nvidia.com/gpu.replicas"] = "7", ["nvidia.com/gpu.sharing-strategy"] = "time-slicing",
                }, new() { ["nvidia.com/gpu"] = "56" }),
                KubeObjects.Node("a100-mig", new()
                {
                    ["topology.kubernetes.io/region"] = "us-west", ["nvidia.com/gpu.product"] = "NVIDIA-A100-SXM4-40GB",
                    ["nvidia.com/gpu.count"] = "1", ["nvidia.com/gpu.replicas"] = "0", ["nvidia.com/mig.strategy"] = "mixed",
                    ["nvidia.com/mig-1g.5gb.count"] = "7", ["nvidia.com/mig-1g.5gb.product"] = "NVIDIA-A100-SXM4-40GB-MIG-1g.5gb",
                }, new() { ["nvidia.com/gpu"] = "0", ["nvidia.com/mig-1g.5gb"] = "7" }),
                KubeObjects.Node("h100-noplugin", new()
                {
                    ["topology.kubernetes.io/region"] = "us-west", ["nvidia.com/gpu.product"] = "NVIDIA-H100-80GB-HBM3",
                    ["nvidia.com/gpu.count"] = "8", ["nvidia.com/gpu.replicas"] = "1",
                }, []),
                KubeObjects.GpuPod("lab", "train", "l40-up", 1),
                KubeObjects.GpuPod("lab", "stuck", "l40-cordoned", 2),
            ],
        }, CancellationToken.None);
        App = new ClusterAppFactory(Kube);
        App.With("Nereid:Resources:DebounceInterval", "00:00:00.050").With("Nereid:Usage:Enabled", "false");
        var user = await App.CreatePersonAsync("researcher", Tier.User);
        UserClient = await App.ClientForAsync(user);
        await Eventually.TrueAsync(() => Task.FromResult(App.Services.GetRequiredService<InventoryService>().Snapshots.All(s => s.Synced)), "inventory synced");
    }

    public async Task DisposeAsync()
    {
        App.Dispose();
        await Kube.DisposeAsync();
    }
}
