using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nereid.Data;
using Nereid.Domain.Usage;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.Ledger;
using Nereid.Server.Slurm;
using Nereid.TestSupport.Slurm;

namespace Nereid.Server.FunctionalTests.Ledger;

/// <summary>Finished jobs of the harness's real Slurm imported into the ledger, compared with what sacct reports.</summary>
public sealed class SlurmLedgerImportTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ImportAsync_JobsRunOnSlurm_CpuHoursEqualSacctExactlyOnceAcrossRepeatsAndRestarts()
    {
        var slurm = await SlurmCluster.GetSharedAsync();
        var cluster = new SlurmClusterOptions
        {
            Name = "test", RestUrl = slurm.RestUrl.ToString(), ClusterName = SlurmCluster.ClusterName,
            UserName = SlurmCluster.AdminUser, Token = slurm.AdminToken, Namespaces = ["*"],
        };
        var id = Guid.NewGuid().ToString("N")[..6];
        var (ns, member) = ("ns-" + id, "nrd-l" + id);
        await PosixUsers.EnsureUserAsync(member);
        var client = new SlurmRestClient(new HttpClient { BaseAddress = slurm.RestUrl }, cluster);
        await new SlurmProjector(client, new FakeTimeProvider(DateTimeOffset.UtcNow), TimeSpan.FromHours(1)).PassAsync(
            [new SlurmDesiredNamespace(ns, "UC San Diego", "Ledger test", [(member, true)],
                SlurmLimits.FromQuotas(new Dictionary<string, string> { ["requests.cpu"] = "4", ["requests.nvidia.com/a100"] = "1" }), [])], default);
        string[] jobs =
        [
            (await slurm.SubmitAsync(member, ns, "sleep 2", ["--cpus-per-task=2"])).EnsureSuccess("sbatch 1").StandardOutput.Trim(),
            (await slurm.SubmitAsync(member, ns, "sleep 1", ["--gres=gpu:a100:1"])).EnsureSuccess("sbatch 2").StandardOutput.Trim(),
        ];
        foreach (var job in jobs)
            (await slurm.WaitForJobAsync(job, ["COMPLETED", "FAILED"], JobTimeout)).State.ShouldBe("COMPLETED");
        var sacctSeconds = await SacctCpuSecondsAsync(slurm, ns, jobs.Length);

        var first = await ImportAsync(client, cluster);
        var second = await ImportAsync(client, cluster);
        var afterRestart = await ImportAsync(new SlurmRestClient(new HttpClient { BaseAddress = slurm.RestUrl }, cluster), cluster);

        first.ShouldBeGreaterThanOrEqualTo(jobs.Length);
        second.ShouldBe(0);
        afterRestart.ShouldBe(0);
        await using var scope = world.App.Services.CreateAsyncScope();
        var records = await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<LedgerRecord>().AsNoTracking()
            .Where(r => r.Namespace == ns).ToListAsync();
        records.Count.ShouldBe(jobs.Length);
        records.ShouldAllBe(r => r.Person == member && r.Engine == LedgerEngine.Slurm);
        Math.Round(records.Sum(r => r.CpuHours) * 3600).ShouldBe(sacctSeconds);
        records.Single(r => r.GpuHours > 0).GpuType.ShouldBe(SlurmCluster.GpuType);
        var rows = records.Select(LedgerRow.From).OrderBy(r => r.SourceKey, StringComparer.Ordinal).ToList();
        LedgerCsv.Read(LedgerCsv.Write(rows)).ShouldBe(rows);
        var exported = await world.Client(Role.PlatformAdmin).GetStringAsync($"/api/v1/usage/ledger?namespace={ns}&format=csv");
        LedgerCsv.Read(exported).OrderBy(r => r.SourceKey, StringComparer.Ordinal).ShouldBe(rows);
    }

    [Fact]
    public void Write_FieldsWithCommasQuotesAndLineBreaks_ReadBackEqual()
    {
        LedgerRow[] rows =
        [
            new("slurm/c/1/2", "slurm", "ns-a", "alice", "University of California, \"San\" Diego", "a100", new DateOnly(2026, 12, 3), 0.1 + 0.2, 1.0 / 3, 2.5),
            new("k8s/x/3", "kubernetes", "ns-b", "", "Line\nbreak", "", new DateOnly(2026, 1, 31), 12, 0, 1e-9),
        ];

        LedgerCsv.Read(LedgerCsv.Write(rows)).ShouldBe(rows);
    }

    private async Task<int> ImportAsync(SlurmRestClient client, SlurmClusterOptions cluster)
    {
        // A fresh scope and importer each time: what a restarted server would do, with only the database remembered.
        await using var scope = world.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        return await new SlurmLedgerImporter(db, client, cluster, TimeProvider.System, TimeSpan.FromMinutes(10), TimeSpan.FromDays(1),
            TimeSpan.FromHours(6))
            .ImportAsync(default);
    }

    // slurmctld sends a finished job to slurmdbd asynchronously: wait until sacct shows all of them finished.
    private static async Task<double> SacctCpuSecondsAsync(SlurmCluster slurm, string account, int count)
    {
        var deadline = DateTime.UtcNow + JobTimeout;
        while (true)
        {
            var lines = (await slurm.RunAsync("sacct", ["-n", "-P", "-X", "-A", account, "-S", "2026-01-01", "--format=State,CPUTimeRAW"]))
                .EnsureSuccess("sacct").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|')).ToList();
            if (lines.Count == count && lines.All(l => l[0] == "COMPLETED"))
                return lines.Sum(l => double.Parse(l[1], CultureInfo.InvariantCulture));
            DateTime.UtcNow.ShouldBeLessThan(deadline, "sacct did not show the finished jobs");
            await Task.Delay(250);
        }
    }
}
