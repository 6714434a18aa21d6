using System.ComponentModel.DataAnnotations;

namespace Nereid.Kubernetes.Leader;

/// <summary>Settings of <see cref="LeaderElector"/>; defaults follow client-go (15 s / 10 s / 2 s).</summary>
public class LeaderElectorOptions
{
    /// <summary>This replica's identity; must be unique. Default: machine name.</summary>
    [Required]
    public string Identity { get; set; } = Environment.MachineName;

    /// <summary>How long others wait after the last observed renewal before taking over. Default 15 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The leader steps down when it could not renew for this long. Must be below LeaseDuration. Default 10 s.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Interval between renewals by the leader and acquisition attempts by others. Default 2 s.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Hand the lease back (empty holder) when cancelled, so a successor need not wait. Default true.</summary>
    public bool ReleaseOnCancel { get; set; } = true;
}
