using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Startup;

/// <summary>How a replica waits for its database at start. Section <c>Nereid:Startup</c>.</summary>
internal sealed class StartupOptions
{
    public const string Section = "Nereid:Startup";

    /// <summary>Pause after the first failed attempt to reach the database; doubled after each further one. Default: 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan DatabaseRetryInitial { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest pause between attempts to reach the database. Default: 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan DatabaseRetryMax { get; set; } = TimeSpan.FromSeconds(30);
}
