using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Resources;

/// <summary>Live resource inventory. Section <c>Nereid:Resources</c>.</summary>
internal sealed class ResourcesOptions
{
    public const string Section = "Nereid:Resources";

    /// <summary>
    /// Quiet period after a node or pod event before the snapshot is recomputed, so a burst of events costs one
    /// recomputation. Default: 00:00:00.250.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan DebounceInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Field selector of the pod informer; skipping finished pods keeps the cache small on busy clusters (finished pods are
    /// ignored in any case). Default: <c>status.phase!=Succeeded,status.phase!=Failed</c>. Empty watches every pod.
    /// </summary>
    public string PodFieldSelector { get; set; } = "status.phase!=Succeeded,status.phase!=Failed";

    /// <summary>
    /// Taint key of namespace reservations: every namespace tolerates <c>&lt;key&gt;=&lt;namespace&gt;</c> (any effect), so a member
    /// sees nodes reserved for their namespaces as free for them. Default: null (no reservation convention), e.g.
    /// <c>nautilus.io/reservation</c>.
    /// </summary>
    public string? ReservationTaintKey { get; set; }

    /// <summary>
    /// Extra tolerations allowed per namespace, written <c>key=value:Effect</c>, <c>key:Effect</c> or <c>key</c> (Exists),
    /// e.g. <c>{"lab-x": ["nvidia.com/gpu:NoSchedule"]}</c>. Key <c>*</c> applies to every namespace. Default: none.
    /// </summary>
    public Dictionary<string, List<string>> NamespaceTolerations { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Usage accounting. Section <c>Nereid:Usage</c>.</summary>
internal sealed class UsageOptions
{
    public const string Section = "Nereid:Usage";

    /// <summary>Turns the usage sampler on. Default: true (it still does nothing while no cluster is connected).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often each namespace's requests are sampled; each sample counts for one interval of hours. Default: 00:05:00.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest range one usage query may cover. Default: 400 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan MaxQueryRange { get; set; } = TimeSpan.FromDays(400);
}
