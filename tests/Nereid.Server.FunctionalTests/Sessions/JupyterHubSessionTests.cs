using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Server.FunctionalTests.Resources;
using Nereid.TestSupport.JupyterHub;

namespace Nereid.Server.FunctionalTests.Sessions;

/// <summary>The seeded sessions world served by Kestrel on 127.0.0.1 so the hub's process can call it.</summary>
public sealed class KestrelSessionsWorld : SessionsWorld
{
    protected override void Configure(ClusterAppFactory app) => app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    public Uri ServerAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}

/// <summary>
/// A real JupyterHub (shared by the test assembly; every test that uses it lives in this class) whose options form and
/// spawns come from Nereid's profile_list, asked with the signed-in person's token.
/// </summary>
public sealed partial class JupyterHubSessionTests(KestrelSessionsWorld world) : IClassFixture<KestrelSessionsWorld>
{
    private const string A100Profile = "lab-x--nvidia-a100-sxm4-80gb";

    [Fact]
    public async Task SpawnForm_MemberWithA100Quota_OffersExactlyTheFreeA100Choices()
    {
        var hub = await HubAsync();
        var (client, login) = await hub.SignInAsync("labmember", await world.TokenForAsync(world.Member));
        using var _ = client;

        var form = await client.GetStringAsync("hub/spawn");

        login.ShouldBe(HttpStatusCode.Found, hub.Log);
        var profiles = ProfileSlug().Matches(form).Select(m => m.Groups["slug"].Value).ToList();
        profiles.ShouldBe(["cpu-lab", "lab-x", A100Profile], ignoreOrder: true);
        Choices(form, $"profile-option-{A100Profile}--gpus").ShouldBe(["1", "2"]);
        Choices(form, $"profile-option-{A100Profile}--image").ShouldBe(["pytorch", "minimal"]);
    }

    [Fact]
    public async Task Spawn_Guest_NoOptionsAndRefused()
    {
        var hub = await HubAsync();
        var (client, login) = await hub.SignInAsync("someguest", await world.TokenForAsync(world.Guest));
        using var _ = client;
        using var api = hub.ApiClient();

        var form = await client.GetStringAsync("hub/spawn");
        using var spawn = await api.PostAsJsonAsync("users/someguest/server", new { profile = "lab-x" });
        var user = JsonNode.Parse(await api.GetStringAsync("users/someguest"))!;

        login.ShouldBe(HttpStatusCode.Found, hub.Log);
        form.ShouldContain("no-options");
        ProfileSlug().Matches(form).ShouldBeEmpty();
        spawn.IsSuccessStatusCode.ShouldBeFalse(await spawn.Content.ReadAsStringAsync());
        user["servers"]!.AsObject().Where(s => s.Value!["ready"]!.GetValue<bool>()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Spawn_MemberChoosesTwoA100s_ServerReportsNamespaceImageAndResources()
    {
        var hub = await HubAsync();
        var (client, _) = await hub.SignInAsync("labmember", await world.TokenForAsync(world.Member));
        using var signedIn = client;
        using var api = hub.ApiClient();

        using var spawn = await api.PostAsJsonAsync("users/labmember/servers/lab-x", new { profile = A100Profile, gpus = "2", image = "pytorch", size = "small" });
        spawn.StatusCode.ShouldBeOneOf([HttpStatusCode.Created, HttpStatusCode.Accepted], await spawn.Content.ReadAsStringAsync() + hub.Log);
        JsonNode? server = null;
        await Eventually.TrueAsync(async () =>
        {
            server = JsonNode.Parse(await api.GetStringAsync("users/labmember"))!["servers"]?["lab-x"];
            return server?["ready"]?.GetValue<bool>() == true;
        }, "the single-user server is ready", seconds: 120);

        var options = server!["user_options"]!;
        options["namespace"]!.GetValue<string>().ShouldBe(SessionsWorld.GpuLab);
        options["image"]!.GetValue<string>().ShouldBe("quay.io/jupyter/pytorch-notebook:cuda12-2024-12-02");
        options["resources"]!["nvidia.com/gpu"]!.GetValue<string>().ShouldBe("2");
        options["resources"]!["cpu"]!.GetValue<double>().ShouldBe(2);
        options["resources"]!["memory"]!.GetValue<long>().ShouldBe(8L << 30);
        using var stop = await api.DeleteAsync("users/labmember/servers/lab-x");
        stop.IsSuccessStatusCode.ShouldBeTrue();
    }

    private async Task<JupyterHubServer> HubAsync()
    {
        var hub = await JupyterHubServer.GetSharedAsync();
        await hub.SetNereidAsync(world.ServerAddress);
        return hub;
    }

    private static List<string> Choices(string form, string select)
    {
        var start = form.IndexOf($"<select name=\"{select}\">", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, $"{select} in the form");
        var end = form.IndexOf("</select>", start, StringComparison.Ordinal);
        return [.. OptionValue().Matches(form[start..end]).Select(m => m.Groups["value"].Value)];
    }

    [GeneratedRegex("<fieldset data-profile=\"(?<slug>[^\"]+)\">")]
    private static partial Regex ProfileSlug();

    [GeneratedRegex("<option value=\"(?<value>[^\"]+)\"")]
    private static partial Regex OptionValue();
}
