using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Server.Ledger;
using Nereid.Server.Slurm;
using Nereid.TestSupport.Slurm;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// The ledger import at scale: <c>jobs</c> finished job records written straight into the harness's slurmdbd job table (no
/// job runs), checked with <c>sacct</c>, then the window read from slurmrestd alone and imported into a fresh ledger,
/// both timed in the same run. Goal: import ≤ 2 × slurmrestd alone.
/// </summary>
internal static class SlurmLedgerMeasure
{
    public static async Task<(double RestSeconds, double ImportSeconds, int Imported)> RunAsync(SlurmCluster slurm, SlurmClusterOptions cluster,
        SlurmRestClient client, string account, string user, int jobs, TimeSpan slice, CancellationToken ct)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeSeconds();
        Console.Error.WriteLine($"slurm: writing {jobs} finished jobs of {account}/{user} into slurmdbd's job table…");
        // One INSERT … SELECT over MariaDB's sequence engine; sql_mode '' lets the columns the statement does not name take
        // their implicit defaults, as slurmdbd's own inserts do.
        var sql = string.Create(CultureInfo.InvariantCulture, $"""
            SET SESSION sql_mode='';
            INSERT INTO {SlurmCluster.ClusterName}_job_table
              (id_job, id_assoc, account, id_user, id_group, job_name, `partition`, nodelist, nodes_alloc, cpus_req, priority, state,
               time_submit, time_eligible, time_start, time_end, tres_alloc, tres_req, mod_time, timelimit)
            SELECT 2000000 + seq, a.id_assoc, '{account}', 0, 0, 'bench', '{SlurmCluster.Partition}', 'node1', 1, 2, 1, 3,
               {start} + seq, {start} + seq, {start} + seq, {start} + seq + 3600, '1=2,2=1024,4=1', '1=2,2=1024,4=1', {start}, 60
            FROM seq_1_to_{jobs}, {SlurmCluster.ClusterName}_assoc_table a WHERE a.acct = '{account}' AND a.user = '{user}' AND a.deleted = 0;
            """);
        (await slurm.SqlAsync(sql, ct)).EnsureSuccess("inserting jobs");
        var window = (From: DateTimeOffset.FromUnixTimeSeconds(start - 60).UtcDateTime, To: DateTime.UtcNow);
        var sacct = (await slurm.RunAsync("sacct", ["-n", "-X", "-P", "-a", "-A", account, "-s", "CD", "-o", "JobID",
            "-S", window.From.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), "-E", "now"], cancellationToken: ct)).EnsureSuccess("sacct");
        var seen = sacct.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Console.Error.WriteLine($"slurm: sacct returns {seen} of them");
        if (seen < jobs)
            throw new InvalidOperationException($"sacct returned {seen} of the {jobs} jobs written; slurmdbd does not see them.");

        // The baseline is slurmrestd alone answering the same slices the import asks for: one request for the whole window
        // is no baseline, since slurmrestd did not answer it at all (still building it after 14 minutes, 5.2 GB).
        var watch = Stopwatch.StartNew();
        var listed = 0;
        for (var from = window.From; from < window.To; from += slice)
            listed += (await client.GetJobsAsync(from, from + slice < window.To ? from + slice : window.To, ct)).Count;
        var restSeconds = watch.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"slurm: slurmrestd alone returned {listed} job entries in {restSeconds:F1} s ({slice.TotalMinutes} min slices); importing…");

        var data = Directory.CreateTempSubdirectory("nereid-bench-ledger-");
        try
        {
            using var host = await ReconcileScenario.DatabaseHostAsync(data.FullName, ct);
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
            watch.Restart();
            var imported = await new SlurmLedgerImporter(db, client, cluster, new FixedTime(window.To), TimeSpan.Zero, window.To - window.From, slice)
                .ImportAsync(ct);
            return (restSeconds, watch.Elapsed.TotalSeconds, imported);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>The importer reads "now" once: pin it to the end of the measured window.</summary>
    private sealed class FixedTime(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now, TimeSpan.Zero);
    }
}
