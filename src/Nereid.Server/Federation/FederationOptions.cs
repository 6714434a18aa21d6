using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Federation;

/// <summary>How the Admiralty federation controller works (<c>Nereid:Federation</c>).</summary>
internal sealed class FederationOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Nereid:Federation";

    /// <summary>
    /// Off leaves the Admiralty kinds unwatched (clusters without Admiralty's CRDs); the switch can still be stored.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The lifetime asked of each TokenRequest (the API server may grant less, never under 10 minutes). A new token is
    /// written at 80% of the granted lifetime.
    /// </summary>
    [Range(typeof(TimeSpan), "00:10:00", "2.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How often the database is compared with the cluster when nothing changed (informer events also wake a pass, and
    /// a pass is due whenever a held token reaches its rotation time).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Namespaces whose desired objects are applied concurrently within one pass.</summary>
    [Range(1, 256)]
    public int Workers { get; set; } = 16;
}
