using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.KubeDouble.Schema;

namespace Nereid.Server.FunctionalTests.Sessions;

/// <summary>GET /api/v1/sessions/options against a seeded double: quota, reservations, claims and KubeSpawner's own names.</summary>
public sealed class SessionOptionsTests(SessionsWorld world) : IClassFixture<SessionsWorld>
{
    [Fact]
    public async Task Options_MemberWithA100Quota_OffersExactlyTheFreeA100Choices()
    {
        var profiles = await SessionsWorld.OptionsAsync(world.MemberClient);

        var gpuProfiles = profiles.Where(p => p!["kubespawner_override"]!["node_affinity_required"] is not null).ToList();
        var a100 = gpuProfiles.ShouldHaveSingleItem()!;
        a100["slug"]!.GetValue<string>().ShouldBe("lab-x--nvidia-a100-sxm4-80gb");
        var term = a100["kubespawner_override"]!["node_affinity_required"]![0]!["matchExpressions"]![0]!;
        term["key"]!.GetValue<string>().ShouldBe("nvidia.com/gpu.product");
        term["values"]![0]!.GetValue<string>().ShouldBe(SessionsWorld.A100);
        // The A100 quota is 4 and the namespace's pod holds 2: two are left, although 8 are free on the reserved node.
        a100["profile_options"]!["gpus"]!["choices"]!.AsObject().Select(c => c.Key).ShouldBe(["1", "2"]);
        a100["kubespawner_override"]!["tolerations"]!.AsArray().Select(t => t!["value"]?.GetValue<string>()).ShouldContain(SessionsWorld.GpuLab);
        a100["profile_options"]!["image"]!["choices"]!.AsObject().First().Key.ShouldBe("pytorch");
    }

    [Fact]
    public async Task Options_IfNoneMatchWithTheBodysETag_NotModifiedWithoutBody()
    {
        using var first = await world.MemberClient.GetAsync("/api/v1/sessions/options");
        var etag = first.Headers.ETag.ShouldNotBeNull();
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sessions/options");
        again.Headers.IfNoneMatch.Add(etag);
        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sessions/options");
        other.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"something-else\""));

        using var notModified = await world.MemberClient.SendAsync(again);
        using var full = await world.MemberClient.SendAsync(other);

        first.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        first.Headers.CacheControl!.Private.ShouldBeTrue();
        notModified.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotModified);
        (await notModified.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        notModified.Headers.ETag.ShouldBe(etag);
        full.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await full.Content.ReadAsByteArrayAsync()).ShouldBe(await first.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Options_NamespaceWithoutGpuQuota_CpuProfileOnlyWithoutGpuImages()
    {
        var profiles = await SessionsWorld.OptionsAsync(world.MemberClient);

        var cpuLab = profiles.Where(p => p!["kubespawner_override"]!["namespace"]!.GetValue<string>() == SessionsWorld.CpuLab).ToList();
        var only = cpuLab.ShouldHaveSingleItem()!;
        only["kubespawner_override"]!["node_affinity_required"].ShouldBeNull();
        only["profile_options"]!["gpus"].ShouldBeNull();
        only["profile_options"]!["image"]!["choices"]!.AsObject().Select(c => c.Key).ShouldBe(["minimal"]);
        profiles.Count(p => p!["default"]?.GetValue<bool>() == true).ShouldBe(1);
    }

    [Fact]
    public async Task Options_Guest_EmptyList()
    {
        var profiles = await SessionsWorld.OptionsAsync(world.GuestClient);

        profiles.ShouldBeEmpty();
    }

    [Fact]
    public async Task Options_NamespaceClaims_SharedClaimMountedBesideMemoryBackedShm()
    {
        var profiles = await SessionsWorld.OptionsAsync(world.MemberClient);

        var size = profiles.First(p => p!["slug"]!.GetValue<string>() == SessionsWorld.GpuLab)!["profile_options"]!["size"]!["choices"]!["small"]!["kubespawner_override"]!;
        var volumes = size["volumes"]!.AsArray();
        volumes.Select(v => v!["persistentVolumeClaim"]?["claimName"]?.GetValue<string>()).OfType<string>().ShouldBe(["shared"]);
        var shm = volumes.Single(v => v!["name"]!.GetValue<string>() == "dshm")!["emptyDir"]!;
        shm["medium"]!.GetValue<string>().ShouldBe("Memory");
        shm["sizeLimit"]!.GetValue<string>().ShouldBe("1Gi");
        size["volume_mounts"]!.AsArray().Select(m => m!["mountPath"]!.GetValue<string>()).ShouldBe(["/dev/shm", "/mnt/shared"]);
    }

    [Fact]
    public async Task Overrides_EveryKeyOfEveryChoice_IsAKubeSpawnerOption()
    {
        var profiles = await SessionsWorld.OptionsAsync(world.MemberClient);

        var keys = Overrides(profiles).SelectMany(o => o.Select(p => p.Key)).Distinct().ToList();
        keys.ShouldNotBeEmpty();
        keys.Where(k => !KubeSpawnerModel.Traits.Contains(k)).ShouldBeEmpty();
        keys.ShouldContain("node_affinity_required");
        keys.ShouldContain("volumes");
    }

    [Fact]
    public async Task Overrides_PodKubeSpawnerWouldBuild_ValidatesAgainstOpenApiSchema()
    {
        var profiles = await SessionsWorld.OptionsAsync(world.MemberClient);
        var validator = OpenApiSchemaValidator.LoadDefault();

        var checkedPods = 0;
        foreach (var profile in profiles.Select(p => p!.AsObject()))
        {
            var options = profile["profile_options"]!.AsObject();
            // Every choice of every option once, the others at their defaults.
            foreach (var (option, spec) in options)
            {
                foreach (var (choice, _) in spec!["choices"]!.AsObject())
                {
                    var traits = KubeSpawnerModel.Resolve(profile, new Dictionary<string, string> { [option] = choice });
                    var pod = KubeSpawnerModel.Pod(traits, "jupyter-labmember");
                    using var doc = JsonDocument.Parse(pod.ToJsonString());
                    validator.Validate(doc.RootElement).ShouldBeEmpty($"{profile["slug"]} {option}={choice}: {pod.ToJsonString()}");
                    checkedPods++;
                }
            }
        }
        checkedPods.ShouldBeGreaterThan(5);
    }

    private static IEnumerable<JsonObject> Overrides(JsonArray profiles)
    {
        foreach (var profile in profiles)
        {
            yield return profile!["kubespawner_override"]!.AsObject();
            foreach (var (_, option) in profile["profile_options"]!.AsObject())
            {
                foreach (var (_, choice) in option!["choices"]!.AsObject())
                    yield return choice!["kubespawner_override"]!.AsObject();
            }
        }
    }
}
