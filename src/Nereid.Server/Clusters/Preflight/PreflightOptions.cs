using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Clusters.Preflight;

/// <summary>How often each cluster's preflight runs again. Section <c>Nereid:Preflight</c>.</summary>
internal sealed class PreflightOptions
{
    public const string Section = "Nereid:Preflight";

    /// <summary>Time between preflights of a cluster whose last one passed. Default 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Time between preflights of a cluster whose last one found a problem, so a fix shows soon. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(30);
}
