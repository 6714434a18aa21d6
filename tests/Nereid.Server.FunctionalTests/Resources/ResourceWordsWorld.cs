using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Quantities;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.NamespaceQuotas;
using Nereid.Server.Namespaces;
using Nereid.Server.Resources;

namespace Nereid.Server.FunctionalTests.Resources;

/// <summary>
/// Nodes whose names and taints need words: an A100 node, a MIG node (<c>nvidia.com/mig-1g.10gb</c>), a Xilinx U250 FPGA node,
/// a node tainted <c>tritonOnly=true:NoExecute</c>, a node reserved for <c>lab-other</c>, a cordoned node. Namespace
/// <c>lab-w</c> has a GPU quota of 0, and <see cref="Member"/> belongs to it; <see cref="Outsider"/> belongs to no namespace.
/// </summary>
public sealed class ResourceWordsWorld : IAsyncLifetime
{
    public const string Namespace = "lab-w";
    public const string Fpga = "xilinx.com/fpga-xilinx_u250_gen3x16_xdma_shell_3_1";
    public const string Mig = "nvidia.com/mig-1g.10gb";
    public KubeApiDouble Kube { get; private set; } = null!;
    public ClusterAppFactory App { get; private set; } = null!;
    public HttpClient MemberClient { get; private set; } = null!;
    public HttpClient OutsiderClient { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var tainted = KubeObjects.GpuNode("triton-1", "NVIDIA-A10", 2, "us-west");
        tainted["spec"]!.AsObject()["taints"] = new JsonArray(new JsonObject { ["key"] = "tritonOnly", ["value"] = "true", ["effect"] = "NoExecute" });
        Kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions
        {
            SeedObjects =
            [
                KubeObjects.GpuNode("a100-1", "NVIDIA-A100-SXM4-80GB", 8, "us-west"),
                KubeObjects.Node("mig-1", new() { ["nvidia.com/mig.strategy"] = "mixed" }, new Dictionary<string, Quantity> { [Mig] = new(7) }),
                KubeObjects.Node("fpga-1", [], new Dictionary<string, Quantity> { [Fpga] = new(2) }),
                tainted,
                KubeObjects.GpuNode("a100-other", "NVIDIA-A100-SXM4-80GB", 8, "us-west", reservedFor: "lab-other"),
                KubeObjects.GpuNode("cpu-cordoned", null, 0, "us-east", cordoned: true),
            ],
        }, CancellationToken.None);
        App = new ClusterAppFactory(Kube);
        App.With("Nereid:Resources:DebounceInterval", "00:00:00.050")
            .With("Nereid:Resources:ReservationTaintKey", "nautilus.io/reservation")
            .With("Nereid:Usage:Enabled", "false");
        var admin = await App.CreatePersonAsync("wordsadmin", Tier.PlatformAdmin);
        var member = await App.CreatePersonAsync("wordsmember", Tier.User);
        var outsider = await App.CreatePersonAsync("wordsoutsider", Tier.User);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var adminActor = MatrixWorld.ActorOf(admin);
            await scope.ServiceProvider.GetRequiredService<NamespaceService>()
                .CreateAsync(adminActor, new NamespaceInput(Namespace, "UC San Diego", ["Prof. Example"], [], [], "CPU lab", []), default);
            await scope.ServiceProvider.GetRequiredService<NamespaceService>().SetMemberAsync(adminActor, Namespace, member.Email, MembershipRole.Member, default);
            await scope.ServiceProvider.GetRequiredService<NamespaceQuotaService>()
                .SetAsync(adminActor, Namespace, new NamespaceQuotaInput(new() { ["requests.nvidia.com/gpu"] = "0" }), null, default);
        }
        MemberClient = await App.ClientForAsync(member);
        OutsiderClient = await App.ClientForAsync(outsider);
        var inventory = App.Services.GetRequiredService<InventoryService>();
        await Eventually.TrueAsync(() => Task.FromResult(inventory.Snapshots.All(s => s.Synced) && inventory.Snapshots.Sum(s => s.Nodes.Count) == 6), "inventory synced");
    }

    public async Task DisposeAsync()
    {
        App.Dispose();
        await Kube.DisposeAsync();
    }
}
