using System.Text.Json;

namespace Nereid.Cli.Tests.Api;

/// <summary>
/// <c>nereid slurm status</c> and <c>nereid slurm clusters</c> against the fake API: the tables from the server's shapes, the
/// stale mark, <c>-o json</c> passing the API's answer through, and an unknown namespace's problem as the error.
/// </summary>
public sealed class SlurmCommandTests : FakeApiCommandTests
{
    private static object Status() => new
    {
        items = new object[]
        {
            new { cluster = "psi", clusterName = "merlin", state = "InSync", message = "The account, its limits and every member's association match the namespace.",
                checkedAt = "2026-12-04T10:00:00Z", inSyncAt = "2026-12-04T10:00:00Z", stale = false },
            new { cluster = "ucsd", clusterName = "expanse", state = "Failed", message = "slurmrestd is not answering: Connection refused",
                checkedAt = "2026-12-04T09:58:00Z", inSyncAt = (string?)null, stale = true },
        },
    };

    [Fact]
    public async Task SlurmStatus_TwoClusters_TableWithStateTimesAndStaleMark()
    {
        Api.SlurmStatus["astro"] = Status();

        var (code, stdout, stderr) = await RunAsync("slurm", "status", "astro");

        code.ShouldBe(0, stderr);
        Api.Requests.ShouldContain("GET /api/v1/namespaces/astro/slurm");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..4].ShouldBe(["CLUSTER", "SLURM", "NAME", "STATE"]);
        lines[1].ShouldStartWith("psi");
        lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..7].ShouldBe(["psi", "merlin", "InSync", "2026-12-04", "10:00:00", "2026-12-04", "10:00:00"]);
        lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..6].ShouldBe(["ucsd", "expanse", "Failed*", "2026-12-04", "09:58:00", "never"]);
        lines[2].ShouldEndWith("slurmrestd is not answering: Connection refused");
        lines[3].ShouldStartWith("* last known state");
    }

    [Fact]
    public async Task SlurmStatus_OutputJson_PrintsTheApiAnswer()
    {
        Api.SlurmStatus["astro"] = Status();

        var (code, stdout, stderr) = await RunAsync("slurm", "status", "astro", "-o", "json");

        code.ShouldBe(0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var items = doc.RootElement.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("state").GetString()).ShouldBe(["InSync", "Failed"]);
        items[1].GetProperty("stale").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task SlurmStatus_NotPlacedOnSlurm_SaysSo()
    {
        Api.SlurmStatus["web"] = new { items = Array.Empty<object>() };

        var (code, stdout, stderr) = await RunAsync("slurm", "status", "web");

        code.ShouldBe(0, stderr);
        stdout.Trim().ShouldBe("Not placed on any Slurm cluster.");
    }

    [Fact]
    public async Task SlurmStatus_UnknownNamespace_FailsWithTheProblem()
    {
        var (code, stdout, stderr) = await RunAsync("slurm", "status", "nowhere");

        code.ShouldNotBe(0);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("No namespace is called 'nowhere'.");
    }

    [Fact]
    public async Task SlurmClusters_OneCluster_TableFromTheStatus()
    {
        Api.SlurmClusters = new
        {
            items = new object[]
            {
                new
                {
                    name = "psi", clusterName = "merlin", restUrl = "https://slurm.psi.example/", namespaces = new[] { "*" },
                    status = new
                    {
                        reachable = true, lastError = "", slurmVersion = "22.05.8", lastPassAt = "2026-12-04T10:00:00Z", lastProjectionAt = "2026-12-04T10:00:00Z",
                        accounts = 1000, associations = new { inSync = 10990, pending = 10, failed = 0 },
                        conditions = new object[] { new { type = "Ready", status = "True", reason = "Projected", message = "" } },
                    },
                },
                new { name = "new", clusterName = "fresh", restUrl = "https://x/", namespaces = new[] { "a" }, status = (object?)null },
            },
        };

        var (code, stdout, stderr) = await RunAsync("slurm", "clusters");

        code.ShouldBe(0, stderr);
        Api.Requests.ShouldContain("GET /api/v1/slurm-clusters");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["psi", "merlin", "True/Projected", "22.05.8", "1000", "10990", "10", "0", "2026-12-04", "10:00:00", "-"]);
        lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["new", "fresh", "-", "-", "0", "0", "0", "0", "never", "-"]);
    }
}
