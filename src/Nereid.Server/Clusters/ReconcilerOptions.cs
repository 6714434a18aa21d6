using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Clusters;

/// <summary>How the namespace reconciler runs. Section <c>Nereid:Reconciler</c>.</summary>
internal sealed class ReconcilerOptions
{
    public const string Section = "Nereid:Reconciler";

    /// <summary>Time between a deletion request and removal of the Kubernetes namespace. Default 24 h.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan DeletionGracePeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Every key is re-enqueued this often, catching anything the events missed. Default 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ResyncPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the database is polled for namespaces changed since the last poll. Default 3 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan DatabasePollInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Concurrent reconcile passes per cluster. Default 8.</summary>
    [Range(1, 256)]
    public int Workers { get; set; } = 8;

    /// <summary>Namespace holding the leader-election Lease <c>nereid-reconciler</c>. Default <c>nereid-system</c>.</summary>
    [Required]
    public string LeaseNamespace { get; set; } = "nereid-system";

    /// <summary>
    /// How long a leader's Lease is valid without renewal. Default 15 s. The leader renews every 2/15 of it (2 s) and
    /// stops reconciling when it could not renew for 2/3 of it (10 s), before any other replica may take over.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Pause before campaigning again after a leader's work failed (or a controller on any replica crashed), so a
    /// controller that fails at once does not spin. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan LeaderRetryPause { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a cluster runtime trusts its discovery answer for a custom resource's group version before asking again,
    /// so a controller waiting for a kind the cluster does not serve (Admiralty's, before its CRDs are installed)
    /// starts within this interval of the CRD's installation. Default 1 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan DiscoveryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>This replica's identity in the Lease. Default: machine name plus a random suffix.</summary>
    public string? Identity { get; set; }

    /// <summary>Per-namespace quota overrides (namespace → resource → quantity), on top of the projection defaults. Default none.</summary>
    public Dictionary<string, Dictionary<string, string>> QuotaOverrides { get; set; } = new(StringComparer.Ordinal);
}
