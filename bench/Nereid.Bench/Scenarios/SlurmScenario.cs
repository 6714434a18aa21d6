using System.Diagnostics;
using Nereid.Bench.Prerequisites;
using Nereid.Bench.Reporting;
using Nereid.Server.Slurm;
using Nereid.TestSupport.Slurm;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// <c>slurm</c>: projects <c>--accounts</c> namespaces (1000) with <c>--members</c> each (10) into the harness's real Slurm
/// through slurmrestd (dbv0.0.38), from nothing (cold) and again with nothing changed (steady), counting requests and writes.
/// Goals: steady_writes = 0 and cold_requests ≤ 3 × accounts (users and associations are batched, <c>--batch</c> per
/// request). Then the ledger import of <c>--jobs</c> (100000) finished job records against slurmrestd alone
/// (<see cref="SlurmLedgerMeasure"/>; <c>--jobs 0</c> skips it), printed on a <c>LEDGER</c> line before the RESULT line,
/// whose keys the issue names.
/// </summary>
public sealed class SlurmScenario : IBenchScenario
{
    /// <inheritdoc />
    public string Name => "slurm";

    /// <inheritdoc />
    public IReadOnlyCollection<Prerequisite> Prerequisites => [Prerequisite.Slurm];

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var o = new BenchArguments(args);
        var accounts = o.Int("accounts", 1000);
        var members = o.Int("members", 10);
        var batch = o.Int("batch", SlurmRestClient.DefaultBatchSize);
        var jobs = o.Int("jobs", 100_000);
        var slice = TimeSpan.FromMinutes(o.Int("slice-minutes", 60));
        Console.Error.WriteLine("slurm: starting the Slurm harness (MariaDB, slurmdbd, slurmctld, slurmd, slurmrestd)…");
        await using var slurm = await SlurmCluster.StartAsync(cancellationToken);
        var cluster = new SlurmClusterOptions
        {
            Name = "bench", RestUrl = slurm.RestUrl.ToString(), ClusterName = SlurmCluster.ClusterName,
            UserName = SlurmCluster.AdminUser, Token = slurm.AdminToken, Namespaces = ["*"],
        };
        using var http = new HttpClient(new SlurmTimingHandler(new HttpClientHandler())) { BaseAddress = slurm.RestUrl, Timeout = TimeSpan.FromMinutes(30) };
        var client = new SlurmRestClient(http, cluster, batch);
        var projector = new SlurmProjector(client, TimeProvider.System, TimeSpan.FromDays(1));
        var desired = Desired(accounts, members);

        Console.Error.WriteLine($"slurm: cold pass, {accounts} accounts × {members} members, {batch} per write request…");
        var before = await SlurmPassCost.ReadAsync(slurm, cancellationToken);
        var watch = Stopwatch.StartNew();
        var cold = await projector.PassAsync(desired, cancellationToken);
        var coldSeconds = watch.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"slurm: cold pass took {coldSeconds:F1} s, {cold.Requests} requests ({cold.Writes} writes); steady pass…");
        await SlurmPassCost.PrintSinceAsync(slurm, before, "cold", accounts * (members + 1), cancellationToken);
        before = await SlurmPassCost.ReadAsync(slurm, cancellationToken);
        var steady = await projector.PassAsync(desired, cancellationToken);
        Console.Error.WriteLine($"slurm: steady pass {steady.Requests} requests ({steady.Writes} writes)");
        await SlurmPassCost.PrintSinceAsync(slurm, before, "steady", 0, cancellationToken);

        if (jobs > 0)
        {
            var (rest, import, imported) = await SlurmLedgerMeasure.RunAsync(slurm, cluster, client, desired[0].Name, desired[0].Members[0].UserName,
                jobs, slice, cancellationToken);
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"LEDGER slurm ledger_jobs={jobs} imported={imported} ledger_import_seconds={import:F2} slurmrestd_seconds={rest:F2} import_over_rest={import / rest:F2}"));
        }

        ResultLine.Print(Name, ("accounts", accounts), ("users", accounts * members), ("cold_seconds", coldSeconds),
            ("cold_requests", cold.Requests), ("steady_requests", steady.Requests), ("steady_writes", steady.Writes),
            ("rss_mb", ProcessMemory.RssMegabytes()));
        return 0;
    }

    private static List<SlurmDesiredNamespace> Desired(int accounts, int members) =>
        [.. Enumerable.Range(0, accounts).Select(i => new SlurmDesiredNamespace(
            $"bench-{i:D5}", $"Institution {i % 20}", $"Bench namespace {i}",
            [.. Enumerable.Range(0, members).Select(m => ($"bu{i:D5}m{m:D2}", m == 0))],
            SlurmLimits.FromQuotas(new Dictionary<string, string>
            {
                ["requests.cpu"] = "64", ["requests.memory"] = "256Gi", ["requests.nvidia.com/gpu"] = "8", ["requests.nvidia.com/a100"] = "4",
            }), []))];
}
