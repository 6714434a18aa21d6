using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Policies;

/// <summary>Usage policies, the scan that checks them, and graduated enforcement. Section <c>Nereid:Policies</c>.</summary>
internal sealed class PolicyOptions
{
    public const string Section = "Nereid:Policies";

    /// <summary>Master switch for the background scan. Default <c>true</c> (it still idles without a cluster and Prometheus).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between scans. Default 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Prometheus base URL (e.g. <c>http://prometheus:9090/</c>). Default none: usage policies are skipped and the scan idles.</summary>
    public Uri? PrometheusUrl { get; set; }

    /// <summary>Timeout of one PromQL query. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PrometheusTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Page size of the Pod/Deployment/Job lists a scan makes while the workload caches of a cluster have not synced yet
    /// (<c>limit</c>); steady scans read the informer caches instead. Default 500.
    /// </summary>
    [Range(10, 100_000)]
    public int ListPageSize { get; set; } = 500;

    /// <summary>
    /// Label naming the cluster on Prometheus series (e.g. an external label of a federated Prometheus). A series carrying it
    /// is matched only to pods of the connected cluster of that name; series without it match pods of any cluster by
    /// namespace/pod. Empty disables cluster matching. Default <c>cluster</c>.
    /// </summary>
    [RegularExpression("^([a-zA-Z_][a-zA-Z0-9_]*)?$")]
    public string ClusterLabel { get; set; } = "cluster";

    /// <summary>
    /// How long the scan leader's Lease (<c>nereid-policy-scanner</c>, in <c>Nereid:Reconciler:LeaseNamespace</c> of the first
    /// connected cluster) stays valid without renewal; another replica takes over after it. Default 15 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Interval of lease renewals by the leader and attempts by followers; must be below LeaseDuration. Default 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>This replica's identity in the scan Lease; must be unique per replica. Default: machine name plus a random suffix.</summary>
    public string? LeaderIdentity { get; set; }

    /// <summary>Window the usage policies average over (GPU, CPU, memory). Default 6 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan UsageWindow { get; set; } = TimeSpan.FromHours(6);

    /// <summary>GPU utilisation policy (DCGM_FI_DEV_GPU_UTIL). Default on, below 40 % flags.</summary>
    public GpuIdlePolicy GpuIdle { get; set; } = new();

    /// <summary>CPU use vs. request. Default on, outside 20–200 % flags.</summary>
    public UsageBandPolicy Cpu { get; set; } = new() { MinPercent = 20, MaxPercent = 200 };

    /// <summary>Memory working set vs. request. Default on, outside 20–150 % flags.</summary>
    public UsageBandPolicy Memory { get; set; } = new() { MinPercent = 20, MaxPercent = 150 };

    /// <summary>Limits vs. requests in pod specs. Default on, more than 20 % above flags.</summary>
    public LimitsPolicy Limits { get; set; } = new();

    /// <summary>Pods without ownerReferences. Default on, older than 6 hours flags; enforcement deletes.</summary>
    public AgePolicy BarePods { get; set; } = new() { MaxAge = TimeSpan.FromHours(6), Enforcement = EnforcementLevel.Act };

    /// <summary>Deployments. Default on, older than 14 days flags; enforcement scales to zero.</summary>
    public AgePolicy Deployments { get; set; } = new() { MaxAge = TimeSpan.FromDays(14), Enforcement = EnforcementLevel.Act };

    /// <summary>Jobs whose containers only sleep. Default on; enforcement deletes.</summary>
    public PolicyRule SleepJobs { get; set; } = new() { Enforcement = EnforcementLevel.Act };

    /// <summary>Non-compliant pods per person. Default on, at most 4.</summary>
    public PodBudgetPolicy PodBudget { get; set; } = new();

    /// <summary>Idle JupyterHub sessions holding GPUs (<see cref="SessionIdlePolicy"/>). Default on; stops only with dry run off.</summary>
    public SessionIdlePolicy SessionIdle { get; set; } = new() { Enforcement = EnforcementLevel.Act };

    /// <summary>Pods at or below this CPU request (cores) and <see cref="TinyPodMaxMemoryBytes"/> are exempt from the usage-ratio policies. Default 1.</summary>
    [Range(0, 1024)]
    public double TinyPodMaxCpu { get; set; } = 1;

    /// <summary>Memory part of the tiny-pod exemption, bytes. Default 2 GiB.</summary>
    [Range(0, long.MaxValue)]
    public long TinyPodMaxMemoryBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Graduated enforcement settings.</summary>
    public EnforcementOptions Enforcement { get; set; } = new();

    /// <summary>Notice channels and de-duplication.</summary>
    public NoticeOptions Notices { get; set; } = new();
}

/// <summary>How far enforcement may go for a policy.</summary>
internal enum EnforcementLevel
{
    /// <summary>Only notices.</summary>
    Notify,
    /// <summary>Notices, then the <c>nereid.io/violation</c> annotation.</summary>
    Annotate,
    /// <summary>Notices, annotation, then scale Deployments to zero or delete bare pods/Jobs.</summary>
    Act,
}

/// <summary>Common switches of one policy.</summary>
internal class PolicyRule
{
    /// <summary>Whether the policy is checked. Default <c>true</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How far enforcement may go. Default <see cref="EnforcementLevel.Annotate"/> (per-policy defaults above).</summary>
    public EnforcementLevel Enforcement { get; set; } = EnforcementLevel.Annotate;
}

/// <summary>GPU idle threshold.</summary>
internal sealed class GpuIdlePolicy : PolicyRule
{
    /// <summary>Average utilisation (percent) below which a GPU pod is flagged. Default 40.</summary>
    [Range(0, 100)]
    public double MinUtilizationPercent { get; set; } = 40;

    /// <summary>
    /// Freeing the idle GPUs as an enforcement step of its own (off by default). When on, an idle-GPU workload is annotated
    /// as usual and then freed once the annotation has stood for this step's grace period, instead of the shared
    /// <see cref="EnforcementOptions.ActAfterNotices"/> and <see cref="EnforcementOptions.GracePeriod"/>.
    /// </summary>
    public GpuFreeStep Free { get; set; } = new();
}

/// <summary>
/// The "free the idle GPU" step: the same action as acting on a workload (a bare pod or Job deleted, the owning Deployment
/// or StatefulSet scaled to zero), taken on its own clock because an idle GPU keeps others waiting for it.
/// </summary>
internal sealed class GpuFreeStep
{
    /// <summary>Whether idle GPUs are freed (needs <c>GpuIdle:Enforcement</c> above <c>Notify</c>: freeing follows the annotation). Default <c>false</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>Time between the (real) annotation and freeing the GPUs. Default 2 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(2);
}

/// <summary>Allowed band of use as a percentage of the request.</summary>
internal sealed class UsageBandPolicy : PolicyRule
{
    /// <summary>Lower bound, percent of request.</summary>
    [Range(0, 10000)]
    public double MinPercent { get; set; }

    /// <summary>Upper bound, percent of request.</summary>
    [Range(0, 10000)]
    public double MaxPercent { get; set; }
}

/// <summary>Limits headroom.</summary>
internal sealed class LimitsPolicy : PolicyRule
{
    /// <summary>How far (percent) a limit may exceed its request. Default 20.</summary>
    [Range(0, 10000)]
    public double MaxPercentAboveRequest { get; set; } = 20;
}

/// <summary>Maximum age of an object.</summary>
internal sealed class AgePolicy : PolicyRule
{
    /// <summary>Objects older than this are flagged.</summary>
    public TimeSpan MaxAge { get; set; }
}

/// <summary>Per-person budget of non-compliant pods.</summary>
internal sealed class PodBudgetPolicy : PolicyRule
{
    /// <summary>Non-compliant pods a person may have before the extra ones are flagged. Default 4.</summary>
    [Range(0, 10000)]
    public int MaxNonCompliantPods { get; set; } = 4;
}

/// <summary>Graduated enforcement: notify → annotate → act.</summary>
internal sealed class EnforcementOptions
{
    /// <summary>Record what enforcement would do instead of doing it. Default <c>true</c>.</summary>
    public bool DryRun { get; set; } = true;

    /// <summary>Notices sent before the workload is annotated. Default 1.</summary>
    [Range(1, 100)]
    public int AnnotateAfterNotices { get; set; } = 1;

    /// <summary>Notices sent before scaling down or deleting (NRP: 3). Default 3.</summary>
    [Range(1, 100)]
    public int ActAfterNotices { get; set; } = 3;

    /// <summary>Time between the (real) annotation and acting. Default 24 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(24);
}
