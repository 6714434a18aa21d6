using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Policies;
using Nereid.Server.Policies;
using Nereid.TestSupport.Prometheus;
using Nereid.Server.FunctionalTests.Resources;
using Nereid.TestSupport.JupyterHub;

namespace Nereid.Server.FunctionalTests.Sessions;

/// <summary>The seeded sessions world served by Kestrel on 127.0.0.1 so the hub's process can call it.</summary>
public sealed class KestrelSessionsWorld : SessionsWorld
{
    protected override async Task ConfigureAsync(ClusterAppFactory app)
    {
        var hub = await JupyterHubServer.GetSharedAsync();
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app.With("Nereid:Sessions:JupyterHubUrl", hub.BaseAddress.ToString()).With("Nereid:Sessions:JupyterHubApiToken", hub.ServiceToken);
    }

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
        await StopThroughNereidAsync(hub);
    }

    /// <summary>The running lab-x server through Nereid's sessions API: listed for its owner and its namespace's admin, not
    /// for an outsider; an outsider cannot stop it, its owner can, and JupyterHub's real API then shows it gone.</summary>
    private async Task StopThroughNereidAsync(JupyterHubServer hub)
    {
        using var member = await NereidClientAsync(world.Member);
        using var labAdmin = await NereidClientAsync(world.LabAdmin);
        using var outsider = await NereidClientAsync(world.Outsider);
        using var api = hub.ApiClient();

        var mine = await SessionsOfAsync(member);
        var admins = await SessionsOfAsync(labAdmin);
        var outsiders = await SessionsOfAsync(outsider);
        using var refused = await outsider.DeleteAsync("/api/v1/sessions/servers/labmember?server=lab-x");
        using var stopped = await member.DeleteAsync("/api/v1/sessions/servers/labmember?server=lab-x");

        var session = mine.ShouldHaveSingleItem()!;
        session["namespace"]!.GetValue<string>().ShouldBe(SessionsWorld.GpuLab);
        session["gpus"]!.GetValue<int>().ShouldBe(2);
        session["image"]!.GetValue<string>().ShouldBe("quay.io/jupyter/pytorch-notebook:cuda12-2024-12-02");
        session["started"].ShouldNotBeNull();
        admins.Select(s => s!["user"]!.GetValue<string>()).ShouldBe(["labmember"]);
        outsiders.ShouldBeEmpty();
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        stopped.StatusCode.ShouldBe(HttpStatusCode.NoContent, await stopped.Content.ReadAsStringAsync());
        await Eventually.TrueAsync(async () => JsonNode.Parse(await api.GetStringAsync("users/labmember"))!["servers"]?["lab-x"] is null,
            "JupyterHub no longer lists the stopped server", seconds: 60);
    }

    /// <summary>
    /// The session-idle policy in one real scan: two A100 servers of the member on the real hub, both with GPU use near zero
    /// backfilled into a real Prometheus; the threshold falls between their last_activity, so the earlier one is idle.
    /// It is noticed, stopped through JupyterHub's API, audited and announced; the recently active one is kept.
    /// </summary>
    [Fact]
    public async Task Scan_IdleLowGpuServerAndRecentlyActiveOne_StopsOnlyTheIdleOne()
    {
        var hub = await HubAsync();
        using var api = hub.ApiClient();
        try
        {
            var idle = await SpawnA100Async(hub, api, "idle-a");
            var recent = await SpawnA100Async(hub, api, "recent-b");
            recent.ShouldBeGreaterThan(idle, "the hub records the later spawn's activity later");
            var now = DateTimeOffset.UtcNow;
            var history = new OpenMetricsBuilder();
            foreach (var pod in new[] { "jupyter-labmember--idle-a", "jupyter-labmember--recent-b" })
            {
                history.Gauge("DCGM_FI_DEV_GPU_UTIL", new Dictionary<string, string> { ["gpu"] = "0", ["namespace"] = SessionsWorld.GpuLab, ["pod"] = pod },
                    now.AddHours(-2), now.AddSeconds(-30), TimeSpan.FromMinutes(1), _ => 1);
            }
            var tsdb = Path.Combine(Path.GetTempPath(), "nereid-session-idle-" + Guid.NewGuid().ToString("N")[..8]);
            try
            {
                await PrometheusBlocks.CreateFromOpenMetricsAsync(history.ToString(), tsdb);
                await using var prometheus = await PrometheusServer.StartAsync([], TimeSpan.FromSeconds(15), tsdb);
                var policy = new PolicyOptions
                {
                    PrometheusUrl = prometheus.BaseAddress,
                    Enforcement = new() { DryRun = false },
                    SessionIdle = new() { Enforcement = EnforcementLevel.Act, IdleAfter = now - (idle + (recent - idle) / 2), MaxUtilizationPercent = 5, GracePeriod = TimeSpan.Zero },
                };
                await using var scope = world.App.Services.CreateAsyncScope();
                var sp = scope.ServiceProvider;
                using var http = new HttpClient();
                var client = new PrometheusClient(http, Options.Create(policy));
                var sessions = ActivatorUtilities.CreateInstance<SessionIdleEnforcer>(sp, Options.Create(policy), client);
                var scanner = ActivatorUtilities.CreateInstance<ViolationScanner>(sp, Options.Create(policy), client, sessions,
                    new UsageCollector(client, Options.Create(policy)));

                await scanner.ScanAsync(default);

                var servers = JsonNode.Parse(await api.GetStringAsync("users/labmember"))!["servers"]!.AsObject();
                servers.ContainsKey("idle-a").ShouldBeFalse(hub.Log);
                servers.ContainsKey("recent-b").ShouldBeTrue();
                var db = sp.GetRequiredService<NereidDbContext>();
                var violation = (await db.Set<Violation>().AsNoTracking().Where(v => v.Policy == PolicyKind.SessionIdle).ToListAsync()).ShouldHaveSingleItem();
                violation.PodName.ShouldBe("jupyter-labmember--idle-a");
                violation.Namespace.ShouldBe(SessionsWorld.GpuLab);
                violation.OwnerId.ShouldBe(world.Member.Id);
                violation.Enforcement.ShouldBe(EnforcementState.Deleted);
                violation.NoticesSent.ShouldBe(2);
                (await db.AuditEvents.AsNoTracking().CountAsync(a => a.Action == "session.idle-stop" && a.TargetId == "labmember/idle-a")).ShouldBe(1);
            }
            finally
            {
                Directory.Delete(tsdb, recursive: true);
            }
        }
        finally
        {
            await api.DeleteAsync("users/labmember/servers/idle-a?remove=true");
            await api.DeleteAsync("users/labmember/servers/recent-b?remove=true");
            await Eventually.TrueAsync(async () => JsonNode.Parse(await api.GetStringAsync("users/labmember"))!["servers"]!.AsObject()
                .All(s => s.Key is not ("idle-a" or "recent-b")), "the test's servers are gone", seconds: 60);
        }
    }

    /// <summary>Spawns one A100 server of the member and returns its last_activity as the hub reports it once ready.</summary>
    private async Task<DateTimeOffset> SpawnA100Async(JupyterHubServer hub, HttpClient api, string name)
    {
        var (client, _) = await hub.SignInAsync("labmember", await world.TokenForAsync(world.Member));
        client.Dispose();
        using var spawn = await api.PostAsJsonAsync($"users/labmember/servers/{name}", new { profile = A100Profile, gpus = "1", image = "pytorch", size = "small" });
        spawn.StatusCode.ShouldBeOneOf([HttpStatusCode.Created, HttpStatusCode.Accepted], await spawn.Content.ReadAsStringAsync() + hub.Log);
        JsonNode? server = null;
        await Eventually.TrueAsync(async () =>
        {
            server = JsonNode.Parse(await api.GetStringAsync("users/labmember"))!["servers"]?[name];
            return server?["ready"]?.GetValue<bool>() == true;
        }, $"server {name} is ready", seconds: 120);
        return DateTimeOffset.Parse(server!["last_activity"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A client of the Kestrel-served Nereid (the factory's own clients do not reach Kestrel) with the person's token.</summary>
    private async Task<HttpClient> NereidClientAsync(Nereid.Domain.People.Person person)
    {
        var client = new HttpClient { BaseAddress = world.ServerAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", await world.TokenForAsync(person));
        return client;
    }

    private static async Task<JsonArray> SessionsOfAsync(HttpClient client)
    {
        var body = JsonNode.Parse(await client.GetStringAsync("/api/v1/sessions"))!;
        body["configured"]!.GetValue<bool>().ShouldBeTrue();
        return body["items"]!.AsArray();
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
