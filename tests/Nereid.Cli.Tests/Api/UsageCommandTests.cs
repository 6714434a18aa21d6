namespace Nereid.Cli.Tests.Api;

/// <summary><c>nereid usage</c> against the fake API: the table per namespace and engine, and the CSV passed through unchanged.</summary>
public sealed class UsageCommandTests : FakeApiCommandTests
{
    [Fact]
    public async Task Usage_Namespace_TablePerEngineFromGroupedSums()
    {
        Api.LedgerGroups = new
        {
            groupBy = new[] { "namespace", "engine" },
            items = new object[]
            {
                new { keys = new Dictionary<string, string> { ["namespace"] = "astro", ["engine"] = "kubernetes" }, cpuHours = 12.5, gpuHours = 0.0, memoryGibHours = 40.0 },
                new { keys = new Dictionary<string, string> { ["namespace"] = "astro", ["engine"] = "slurm" }, cpuHours = 1.0 / 3, gpuHours = 2.0, memoryGibHours = 8.0 },
            },
        };

        var (code, stdout, stderr) = await RunAsync("usage", "--namespace", "astro", "--from", "2026-11-01", "--to", "2026-11-30");

        code.ShouldBe(0, stderr);
        Api.Requests.ShouldContain("GET /api/v1/usage/ledger?groupBy=namespace,engine&namespace=astro&from=2026-11-01&to=2026-11-30");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["NAMESPACE", "ENGINE", "CPU-H", "GPU-H", "MEM-GIB-H"]);
        lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["astro", "kubernetes", "12.5", "0", "40"]);
        lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["astro", "slurm", "0.33", "2", "8"]);
    }

    [Fact]
    public async Task Usage_Csv_PrintsTheExportUnchanged()
    {
        Api.LedgerCsv = "source_key,engine,namespace,person,institution,gpu_type,day,cpu_hours,gpu_hours,memory_gib_hours\r\n"
            + "slurm/c/1/2,slurm,astro,alice,\"UC San Diego, CA\",a100,2026-11-02,0.30000000000000004,1,2\r\n";

        var (code, stdout, stderr) = await RunAsync("usage", "--csv");

        code.ShouldBe(0, stderr);
        stdout.ShouldBe(Api.LedgerCsv);
        Api.Requests.ShouldContain("GET /api/v1/usage/ledger?format=csv");
    }
}
