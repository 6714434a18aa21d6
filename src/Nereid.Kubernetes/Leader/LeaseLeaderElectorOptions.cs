using System.ComponentModel.DataAnnotations;

namespace Nereid.Kubernetes.Leader;

/// <summary>Settings of <see cref="LeaseLeaderElector"/>: where its Lease lives, plus the timings of <see cref="LeaderElectorOptions"/>.</summary>
public sealed class LeaseLeaderElectorOptions : LeaderElectorOptions
{
    /// <summary>Namespace of the Lease. Required.</summary>
    [Required]
    public string Namespace { get; set; } = "";

    /// <summary>Name of the Lease. Default <c>nereid-controller</c>.</summary>
    [Required]
    public string Name { get; set; } = "nereid-controller";
}
