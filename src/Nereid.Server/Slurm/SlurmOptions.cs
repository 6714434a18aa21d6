using System.ComponentModel.DataAnnotations;
using Nereid.Domain.People;

namespace Nereid.Server.Slurm;

/// <summary>How the Slurm projection runs (section <c>Nereid:Slurm</c>; the clusters are its <c>Clusters</c> list).</summary>
internal sealed class SlurmOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Nereid:Slurm";

    /// <summary>Time between passes over each Slurm cluster (a pass lists, compares, writes differences). Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// slurmdbd's share of a round of passes: the next round starts <see cref="ResyncInterval"/> after one ends, and no
    /// sooner than the round took divided by this share. A round's list reads grow with the cluster (at 1,000 namespaces
    /// of 10 members with their coordinators, slurmdbd's database spent about 6 minutes of CPU on one pass that wrote
    /// nothing), and back-to-back rounds would keep that database busy. Default 0.25.
    /// </summary>
    [Range(0.01, 1.0)]
    public double MaxDutyCycle { get; set; } = 0.25;

    /// <summary>How long to wait after a round of passes that took <paramref name="round"/>.</summary>
    public TimeSpan DelayAfter(TimeSpan round)
    {
        var idle = round * (1 / MaxDutyCycle - 1);
        return idle > ResyncInterval ? idle : ResyncInterval;
    }

    /// <summary>How long a removed member's association stays before it is deleted (running jobs finish, mistakes can be undone). Default 1 day.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Records (accounts, users or associations) per write request to slurmrestd. Default 500.</summary>
    [Range(1, 100_000)]
    public int WriteBatchSize { get; set; } = SlurmRestClient.DefaultBatchSize;

    /// <summary>
    /// Tier → QOS: a namespace whose creator has this tier (<c>User</c>, <c>Admin</c>, <c>PlatformAdmin</c>) gets the QOS
    /// as its account association's only and default QOS (members inherit it). The QOS must exist in Slurm (Nereid does
    /// not create QOS); a missing one is left out and reported. Empty by default: Slurm's default QOS for everyone.
    /// </summary>
    public Dictionary<string, string> TierQos { get; set; } = [];

    /// <summary>Lease of the one replica that writes to Slurm. Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the leader renews (and others retry) the lease. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (tier, qos) in TierQos)
        {
            if (!Enum.TryParse<Tier>(tier, ignoreCase: false, out _) || int.TryParse(tier, out _))
                yield return new ValidationResult($"Nereid:Slurm:TierQos: '{tier}' is not a tier (User, Admin, PlatformAdmin).", [nameof(TierQos)]);
            if (string.IsNullOrWhiteSpace(qos) || qos.Any(c => char.IsWhiteSpace(c) || c == ','))
                yield return new ValidationResult($"Nereid:Slurm:TierQos:{tier}: '{qos}' is not a QOS name.", [nameof(TierQos)]);
        }
    }

    /// <summary>The QOS list of a namespace whose creator has <paramref name="tier"/>: the mapped QOS, or none (Slurm's default).</summary>
    public IReadOnlyList<string> QosFor(Tier tier) => TierQos.TryGetValue(tier.ToString(), out var qos) ? [qos] : [];
}
