using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.KubeDouble;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.Namespaces;
using Nereid.Server.Resources;

namespace Nereid.Server.FunctionalTests.Resources;

/// <summary>
/// A seeded cluster (double) connected to the server: two A100 nodes (one reserved for <c>lab-x</c>), an L40 node, a cordoned and
/// a NotReady L40 node, a CPU node; namespace <c>lab-x</c> (UC San Diego) with a running 2-GPU pod, and a member.
/// </summary>
public class ResourcesWorld : IAsyncLifetime
{
    public const string Namespace = "lab-x";
    public KubeApiDouble Kube { get; private set; } = null!;
    public ClusterAppFactory App { get; private set; } = null!;
    public Person Member { get; private set; } = null!;
    public Person Outsider { get; private set; } = null!;
    public HttpClient MemberClient { get; private set; } = null!;
    public HttpClient OutsiderClient { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions
        {
            SeedObjects =
            [
                KubeObjects.GpuNode("a100-1", "NVIDIA-A100-SXM4-80GB", 8, "us-west"),
                KubeObjects.GpuNode("a100-reserved", "NVIDIA-A100-SXM4-80GB", 8, "us-west", reservedFor: Namespace),
                KubeObjects.GpuNode("l40-1", "NVIDIA-L40", 4, "us-east"),
                KubeObjects.GpuNode("l40-cordoned", "NVIDIA-L40", 4, "us-east", cordoned: true),
                KubeObjects.GpuNode("l40-down", "NVIDIA-L40", 4, "us-east", ready: false),
                KubeObjects.GpuNode("cpu-1", null, 0, "us-east"),
                new() { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = Namespace } },
                KubeObjects.GpuPod(Namespace, "train-0", "a100-1", 2),
                KubeObjects.GpuPod(Namespace, "old-job", "a100-1", 4, phase: "Succeeded"),
                KubeObjects.GpuPod("kube-system", "dns", "cpu-1", 0, cpu: "100m", memory: "70Mi"),
            ],
        }, CancellationToken.None);
        App = new ClusterAppFactory(Kube);
        App.With("Nereid:Resources:DebounceInterval", "00:00:00.050")
            .With("Nereid:Resources:ReservationTaintKey", "nautilus.io/reservation")
            .With("Nereid:Usage:Enabled", "false");
        Configure(App);
        var admin = await App.CreatePersonAsync("labadmin", Tier.Admin);
        Member = await App.CreatePersonAsync("labmember", Tier.User);
        Outsider = await App.CreatePersonAsync("outsider", Tier.User);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var namespaces = scope.ServiceProvider.GetRequiredService<NamespaceService>();
            var adminActor = MatrixWorld.ActorOf(admin);
            await namespaces.CreateAsync(adminActor, new NamespaceInput(Namespace, "UC San Diego", ["Prof. Example"], [], [], "GPU lab", []), default);
            await namespaces.SetMemberAsync(adminActor, Namespace, Member.Email, MembershipRole.Member, default);
        }
        MemberClient = await App.ClientForAsync(Member);
        OutsiderClient = await App.ClientForAsync(Outsider);
        await Eventually.TrueAsync(() => Task.FromResult(Inventory.Snapshots.All(s => s.Synced)), "inventory synced");
    }

    /// <summary>Last chance to configure the server before it starts (e.g. Kestrel for a browser).</summary>
    protected virtual void Configure(ClusterAppFactory app)
    {
    }

    internal InventoryService Inventory => App.Services.GetRequiredService<InventoryService>();

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        App.Dispose();
        await Kube.DisposeAsync();
    }
}

/// <summary>Polls a condition until it holds (the inventory is eventually consistent), failing with a message after a generous limit.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
                throw new TimeoutException($"Gave up waiting for: {what}");
            await Task.Delay(50);
        }
    }
}
