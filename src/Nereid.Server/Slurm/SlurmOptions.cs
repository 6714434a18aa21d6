using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Slurm;

/// <summary>How the Slurm projection runs (section <c>Nereid:Slurm</c>; the clusters are its <c>Clusters</c> list).</summary>
internal sealed class SlurmOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Nereid:Slurm";

    /// <summary>Time between passes over each Slurm cluster (a pass lists, compares, writes differences). Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a removed member's association stays before it is deleted (running jobs finish, mistakes can be undone). Default 1 day.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Records (accounts, users or associations) per write request to slurmrestd. Default 500.</summary>
    [Range(1, 100_000)]
    public int WriteBatchSize { get; set; } = SlurmRestClient.DefaultBatchSize;

    /// <summary>Lease of the one replica that writes to Slurm. Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the leader renews (and others retry) the lease. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(5);
}
