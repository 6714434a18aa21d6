using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.KubeDouble;
using Nereid.Server.Auth;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.FunctionalTests.Resources;
using Nereid.Server.NamespaceQuotas;
using Nereid.Server.Namespaces;
using Nereid.Server.Resources;
using Nereid.Server.Sessions;

namespace Nereid.Server.FunctionalTests.Sessions;

/// <summary>
/// A seeded cluster for session options: two A100 nodes (one reserved for <c>lab-x</c>), an L40 node, a CPU node.
/// <c>lab-x</c> runs a 2-GPU pod on <c>a100-1</c>, has an A100-only GPU quota of 4 (<c>requests.nvidia.com/a100</c>), a bound
/// ReadWriteMany claim <c>shared</c> and a ReadWriteOnce claim <c>scratch</c>; <c>cpu-lab</c> has no GPU quota. The member
/// belongs to both. The catalogue holds <c>minimal</c> (CPU) and <c>pytorch</c> (needs a GPU).
/// </summary>
public class SessionsWorld : IAsyncLifetime
{
    public const string GpuLab = "lab-x";
    public const string CpuLab = "cpu-lab";
    public const string A100 = "NVIDIA-A100-SXM4-80GB";
    public KubeApiDouble Kube { get; private set; } = null!;
    public ClusterAppFactory App { get; private set; } = null!;
    public Person Member { get; private set; } = null!;
    public Person Guest { get; private set; } = null!;
    public Person LabAdmin { get; private set; } = null!;
    public Person Outsider { get; private set; } = null!;
    public HttpClient MemberClient { get; private set; } = null!;
    public HttpClient GuestClient { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions
        {
            SeedObjects =
            [
                KubeObjects.GpuNode("a100-1", A100, 8, "us-west"),
                KubeObjects.GpuNode("a100-reserved", A100, 8, "us-west", reservedFor: GpuLab),
                KubeObjects.GpuNode("l40-1", "NVIDIA-L40", 4, "us-east"),
                KubeObjects.GpuNode("cpu-1", null, 0, "us-east"),
                new() { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = GpuLab } },
                KubeObjects.GpuPod(GpuLab, "train-0", "a100-1", 2),
                Claim(GpuLab, "shared", "ReadWriteMany"),
                Claim(GpuLab, "scratch", "ReadWriteOnce"),
            ],
        }, CancellationToken.None);
        App = new ClusterAppFactory(Kube);
        App.With("Nereid:Resources:DebounceInterval", "00:00:00.050")
            .With("Nereid:Resources:ReservationTaintKey", "nautilus.io/reservation")
            .With("Nereid:Usage:Enabled", "false");
        await ConfigureAsync(App);
        var admin = await App.CreatePersonAsync("labadmin", Tier.Admin);
        Member = await App.CreatePersonAsync("labmember", Tier.User);
        LabAdmin = admin;
        Outsider = await App.CreatePersonAsync("outsider", Tier.User);
        Guest = await App.CreatePersonAsync("someguest", Tier.Guest);
        var platform = MatrixWorld.ActorOf(await App.AdminAsync());
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var namespaces = scope.ServiceProvider.GetRequiredService<NamespaceService>();
            var adminActor = MatrixWorld.ActorOf(admin);
            foreach (var name in new[] { GpuLab, CpuLab })
            {
                await namespaces.CreateAsync(adminActor, new NamespaceInput(name, "UC San Diego", ["Prof. Example"], [], [], "lab", []), default);
                await namespaces.SetMemberAsync(adminActor, name, Member.Email, MembershipRole.Member, default);
            }
            var quotas = scope.ServiceProvider.GetRequiredService<NamespaceQuotaService>();
            await quotas.SetAsync(platform, GpuLab, new NamespaceQuotaInput(new() { ["requests.nvidia.com/a100"] = "4" }, AllowUnknown: true), null, default);
            await quotas.SetAsync(platform, CpuLab, new NamespaceQuotaInput(new() { ["requests.nvidia.com/gpu"] = "0" }), null, default);
            var images = scope.ServiceProvider.GetRequiredService<SessionImageService>();
            await images.CreateAsync(platform, new SessionImageInput("minimal", "quay.io/jupyter/minimal-notebook:2024-12-02", "Python and JupyterLab", false), default);
            await images.CreateAsync(platform, new SessionImageInput("pytorch", "quay.io/jupyter/pytorch-notebook:cuda12-2024-12-02", "PyTorch with CUDA", true), default);
        }
        MemberClient = await App.ClientForAsync(Member);
        GuestClient = await App.ClientForAsync(Guest);
        var inventory = App.Services.GetRequiredService<InventoryService>();
        await Eventually.TrueAsync(() => Task.FromResult(inventory.Snapshots.All(s => s.Synced)), "inventory synced");
        var claims = App.Services.GetRequiredService<SessionClaims>();
        await Eventually.TrueAsync(() => Task.FromResult(claims.ShareableClaims(null, GpuLab).Count == 1), "claims seen");
    }

    /// <summary>Last chance to configure the server before it starts (e.g. Kestrel for JupyterHub to reach it).</summary>
    protected virtual Task ConfigureAsync(ClusterAppFactory app) => Task.CompletedTask;

    /// <summary>A fresh personal access token of <paramref name="person"/>.</summary>
    public async Task<string> TokenForAsync(Person person)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<Nereid.Server.Tokens.TokenService>();
        return (await tokens.CreateAsync(MatrixWorld.ActorOf(person), "jupyterhub", 1, default)).Secret;
    }

    /// <summary>The caller's profile list.</summary>
    public static async Task<JsonArray> OptionsAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/v1/sessions/options");
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsArray();
    }

    private static JsonObject Claim(string ns, string name, string mode) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "PersistentVolumeClaim",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["accessModes"] = new JsonArray(mode),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "10Gi" } },
        },
        ["status"] = new JsonObject { ["phase"] = "Bound" },
    };

    public virtual async Task DisposeAsync()
    {
        App.Dispose();
        await Kube.DisposeAsync();
    }
}
