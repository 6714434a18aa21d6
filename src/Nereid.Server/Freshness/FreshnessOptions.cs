using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Freshness;

/// <summary>How often the portal checks that its data sources answer. Section <c>Nereid:Freshness</c>.</summary>
internal sealed class FreshnessOptions
{
    public const string Section = "Nereid:Freshness";

    /// <summary>Time between two reachability checks of each cluster API and of Prometheus. Default: 00:00:15.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one check may take before the source counts as unreachable. Default: 00:00:05.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
