using System.Globalization;
using Nereid.TestSupport.Slurm;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// Where a projection pass's time goes in the harness: CPU seconds per daemon (slurmrestd, slurmdbd, mariadbd, slurmctld)
/// and MariaDB's statement and row counters, read before and after the pass; printed so a slow pass names its daemon.
/// </summary>
internal sealed class SlurmPassCost
{
    private static readonly string[] Counters = ["Questions", "Com_select", "Com_insert", "Com_update", "Handler_read_rnd_next", "Handler_read_next", "Handler_update"];
    private readonly IReadOnlyDictionary<string, double> _cpu;
    private readonly IReadOnlyDictionary<string, long> _db;

    private SlurmPassCost(IReadOnlyDictionary<string, double> cpu, IReadOnlyDictionary<string, long> db) => (_cpu, _db) = (cpu, db);

    public static async Task<SlurmPassCost> ReadAsync(SlurmCluster slurm, CancellationToken ct) =>
        new(slurm.DaemonCpuSeconds(), await StatusAsync(slurm, ct));

    /// <summary>Prints what was spent since <paramref name="before"/>, per association when <paramref name="associations"/> is positive.</summary>
    public static async Task PrintSinceAsync(SlurmCluster slurm, SlurmPassCost before, string pass, int associations, CancellationToken ct)
    {
        var after = await ReadAsync(slurm, ct);
        var per = Math.Max(associations, 1);
        var cpu = string.Join(" ", after._cpu.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"{c.Key}={c.Value - before._cpu.GetValueOrDefault(c.Key):F1}s")));
        var db = string.Join(" ", after._db.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"{c.Key}={c.Value - before._db.GetValueOrDefault(c.Key)} ({(c.Value - before._db.GetValueOrDefault(c.Key)) / (double)per:F0}/assoc)")));
        Console.Error.WriteLine($"slurm: {pass} cpu {cpu}");
        Console.Error.WriteLine($"slurm: {pass} mariadb {db}");
    }

    private static async Task<IReadOnlyDictionary<string, long>> StatusAsync(SlurmCluster slurm, CancellationToken ct)
    {
        var names = string.Join(",", Counters.Select(c => $"'{c}'"));
        var result = await slurm.SqlAsync($"SELECT VARIABLE_NAME, VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ({names})", ct);
        var values = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        if (!result.Succeeded)
            return values;
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var parts = line.Split('\t');
            if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
                values[parts[0]] = v;
        }
        return values;
    }
}
