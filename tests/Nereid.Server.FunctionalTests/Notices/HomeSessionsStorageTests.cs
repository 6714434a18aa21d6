using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.FunctionalTests.Sessions;
using Nereid.Server.FunctionalTests.Storage;

namespace Nereid.Server.FunctionalTests.Notices;

/// <summary>
/// The cluster double with a storage class, a JupyterHub stand-in listing sessions, a lab whose member has a session and a
/// volume, and an outsider with a session of their own elsewhere.
/// </summary>
public sealed class HomeStorageWorld : IAsyncLifetime
{
    public const string Ns = "home-store";

    public ClusterAppFactory App { get; private set; } = null!;
    public HubStandIn Hub { get; private set; } = null!;
    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow.AddMinutes(-5);

    public async Task InitializeAsync()
    {
        Hub = await HubStandIn.StartAsync();
        App = await ClusterAppFactory.StartAsync(o => o.SeedObjects.Add(new JsonObject
        {
            ["apiVersion"] = "storage.k8s.io/v1", ["kind"] = "StorageClass", ["metadata"] = new JsonObject { ["name"] = "rook-ceph-block" },
            ["provisioner"] = "rook-ceph.rbd.csi.ceph.com", ["allowVolumeExpansion"] = true,
        }));
        App.With("Nereid:Sessions:JupyterHubUrl", Hub.BaseAddress.ToString()).With("Nereid:Sessions:JupyterHubApiToken", HubStandIn.Token);
        var member = await StorageLab.SeedAsync(App, Ns);
        await App.CreatePersonAsync("homeoutsider", Tier.User);
        using var client = await App.ClientForAsync(member);
        await Eventually.TrueAsync(async () =>
        {
            using var r = await client.GetAsync("/api/v1/storage/classes");
            return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("classes").GetArrayLength() == 1;
        }, "the catalogue never listed the class");
        using var created = await client.PostAsJsonAsync($"/api/v1/namespaces/{Ns}/volumes", new { name = "results", storageClass = "rook-ceph-block", size = "2Gi", accessMode = "ReadWriteOnce" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        Hub.AddServer("labmember", "gpu-notebook", Ns, "quay.io/jupyter/pytorch-notebook:cuda12-2024-12-02", 2, Started);
        Hub.AddServer("homeoutsider", "elsewhere-notebook", "elsewhere", "quay.io/jupyter/minimal-notebook:2024-12-02", 1, Started, ready: false);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Hub.DisposeAsync();
    }
}

/// <summary>/home's "My sessions and storage": my sessions as the Sessions page lists them, my namespaces' volumes, and what is unreachable said so.</summary>
public sealed class HomeSessionsStorageTests(HomeStorageWorld world) : IClassFixture<HomeStorageWorld>
{
    [Fact]
    public async Task Home_MemberWithSessionAndVolume_SeesBothWithLinks()
    {
        using var pages = await PageClient.SignInAsync(world.App, "labmember", "labmember-password");

        var home = await pages.GetAsync("/home");

        home.Status.ShouldBe(HttpStatusCode.OK);
        var sessions = Section(home.Decoded, "home-sessions");
        sessions.ShouldContain($"<a href=\"{world.Hub.BaseAddress}user/labmember/gpu-notebook/\">gpu-notebook</a>");
        sessions.ShouldContain($"<td>{HomeStorageWorld.Ns}</td>");
        sessions.ShouldContain("<td>quay.io/jupyter/pytorch-notebook:cuda12-2024-12-02</td>");
        sessions.ShouldContain("<td>2</td>");
        sessions.ShouldContain("<td>running</td>");
        sessions.ShouldContain($"<time datetime=\"{world.Started.ToString("O")}\">");
        sessions.ShouldNotContain("elsewhere-notebook");
        home.Decoded.ShouldContain("<a href=\"/sessions\">All sessions</a>");
        var storage = Section(home.Decoded, "home-storage");
        storage.ShouldContain($"<a href=\"/storage\">{HomeStorageWorld.Ns}</a> on {ClusterAppFactory.ClusterName}");
        storage.ShouldContain("results: rook-ceph-block, 2 GiB, used not reported");
        home.Decoded.ShouldContain("<a href=\"/storage\">Manage storage</a>");
    }

    [Fact]
    public async Task Home_Outsider_SeesOwnStartingSessionNeitherTheMembersSessionNorVolume()
    {
        using var pages = await PageClient.SignInAsync(world.App, "homeoutsider", "homeoutsider-password");

        var home = await pages.GetAsync("/home");

        home.Status.ShouldBe(HttpStatusCode.OK);
        var sessions = Section(home.Decoded, "home-sessions");
        sessions.ShouldContain("elsewhere-notebook");
        sessions.ShouldContain("<td>starting</td>");
        home.Decoded.ShouldNotContain("gpu-notebook");
        home.Decoded.ShouldNotContain("results:");
        home.Decoded.ShouldNotContain("id=\"home-storage\"");
        home.Decoded.ShouldContain("No volumes or buckets yet. Storage lives in a namespace: join one first. <a href=\"/storage\">Request a volume</a>.");
    }

    [Fact]
    public async Task Home_HubDown_SaysJupyterHubUnreachableSinceNeverNoSessions()
    {
        using var pages = await PageClient.SignInAsync(world.App, "labmember", "labmember-password");
        world.Hub.Down = true;
        PageResponse home;
        try
        {
            home = await pages.GetAsync("/home");
        }
        finally
        {
            world.Hub.Down = false;
        }

        home.Status.ShouldBe(HttpStatusCode.OK);
        home.Decoded.ShouldContain($"<strong>JupyterHub ({world.Hub.BaseAddress}) is unreachable</strong> since <time datetime=\"");
        home.Decoded.ShouldContain("your sessions cannot be listed now");
        home.Decoded.ShouldNotContain("No session running");
        home.Decoded.ShouldNotContain("id=\"home-sessions\"");
        Section(home.Decoded, "home-storage").ShouldContain("results: rook-ceph-block");
    }

    /// <summary>The element with <paramref name="id"/> up to the end of its table (or the page).</summary>
    private static string Section(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, $"the page has no #{id}");
        var end = html.IndexOf("</table>", start, StringComparison.Ordinal);
        return end < 0 ? html[start..] : html[start..end];
    }
}
