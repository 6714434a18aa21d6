using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Ledger;

/// <summary>How the usage ledger's scheduled import runs (section <c>Nereid:Ledger</c>).</summary>
internal sealed class LedgerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Nereid:Ledger";

    /// <summary>Whether the leader imports on a schedule; off, the ledger only grows when something calls the importers. Default on.</summary>
    public bool ImportEnabled { get; set; } = true;

    /// <summary>Time between imports (Kubernetes samples, then each Slurm cluster's finished jobs). Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ImportInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How far before its cursor each import reads again, so records that arrive late are still counted (never twice). Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan Overlap { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How far back the first Slurm import of a cluster reads. Default 31 days.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3660.00:00:00")]
    public TimeSpan FirstLookback { get; set; } = TimeSpan.FromDays(31);

    /// <summary>
    /// Longest window one request to slurmrestd covers: a Slurm import reads from its cursor to now in consecutive slices
    /// of this length, each stored with its cursor before the next is read, so memory and slurmrestd's answer stay bounded
    /// (slurmrestd builds a whole answer in memory; 100,000 jobs in one request did not come back within 14 minutes).
    /// Default 1 hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "31.00:00:00")]
    public TimeSpan SlurmImportSlice { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Lease of the one replica that imports. Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the leader renews (and others retry) the lease. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(5);
}
