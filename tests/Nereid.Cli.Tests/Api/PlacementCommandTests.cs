using System.Text.Json;

namespace Nereid.Cli.Tests.Api;

/// <summary><c>nereid ns placement</c> against the fake API: shows which cluster is behind, and sends what was asked.</summary>
public sealed class PlacementCommandTests : FakeApiCommandTests
{
    protected override void Seed(FakeNereidApi api)
    {
        api.Placements["astro"] = new
        {
            @namespace = "astro", version = 7, isDefault = false,
            clusters = new object[]
            {
                new { cluster = "east", region = "us-east", placed = true, condition = "Ready", reason = "Applied", message = "ok", observedVersion = 7,
                    behind = false, quota = new Dictionary<string, string> { ["requests.nvidia.com/gpu"] = "4" } },
                new { cluster = "west", region = "us-west", placed = true, condition = "Ready", reason = "Applied", message = "ok", observedVersion = 6,
                    behind = true, behindReason = "The cluster is unreachable: Connection refused", quota = new Dictionary<string, string>() },
                new { cluster = "north", placed = false, condition = "NotPlaced", reason = "NotPlaced", message = "", observedVersion = 0, behind = false },
            },
        };
    }

    [Fact]
    public async Task NsPlacement_OneClusterBehind_SaysWhichAndWhyAndExits3()
    {
        var (code, stdout, stderr) = await RunAsync("ns", "placement", "astro");

        code.ShouldBe(3, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("namespace/astro is placed on chosen clusters");
        lines.Single(l => l.StartsWith("west", StringComparison.Ordinal)).ShouldEndWith("yes: The cluster is unreachable: Connection refused");
        lines.Single(l => l.StartsWith("east", StringComparison.Ordinal)).ShouldContain("requests.nvidia.com/gpu=4");
        lines.Single(l => l.StartsWith("east", StringComparison.Ordinal)).ShouldEndWith(" no");
        lines.Single(l => l.StartsWith("north", StringComparison.Ordinal)).ShouldContain(" no ");
        Api.PlacementPuts.ShouldBeEmpty();
    }

    [Fact]
    public async Task NsPlacement_ClustersGiven_SendsThemAndLeavesQuotasAlone()
    {
        var (code, _, stderr) = await RunAsync("ns", "placement", "astro", "--cluster", "east", "--cluster", "north");

        code.ShouldBe(3, stderr);
        using var body = JsonDocument.Parse(Api.PlacementPuts["astro"]);
        body.RootElement.GetProperty("clusters").EnumerateArray().Select(c => c.GetString()).ShouldBe(["east", "north"]);
        body.RootElement.TryGetProperty("quotas", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task NsPlacement_QuotaOnly_KeepsTheCurrentClustersAndSendsTheQuota()
    {
        var (code, _, stderr) = await RunAsync("ns", "placement", "astro", "--quota", "east:requests.nvidia.com/gpu=2");

        code.ShouldBe(3, stderr);
        using var body = JsonDocument.Parse(Api.PlacementPuts["astro"]);
        body.RootElement.GetProperty("clusters").EnumerateArray().Select(c => c.GetString()).ShouldBe(["east", "west"]);
        body.RootElement.GetProperty("quotas").GetProperty("east").GetProperty("requests.nvidia.com/gpu").GetString().ShouldBe("2");
    }

    [Fact]
    public async Task NsPlacement_MalformedQuota_RefusedBeforeAnyRequest()
    {
        var (code, _, stderr) = await RunAsync("ns", "placement", "astro", "--quota", "east-gpu-2");

        code.ShouldBe(2);
        stderr.ShouldContain("--quota 'east-gpu-2' is not cluster:resource=quantity");
        Api.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task NsPlacement_DefaultAndClusters_RefusedAsContradictory()
    {
        var (code, _, stderr) = await RunAsync("ns", "placement", "astro", "--default", "--cluster", "east");

        code.ShouldBe(2);
        stderr.ShouldContain("--default and --cluster exclude each other");
    }
}
