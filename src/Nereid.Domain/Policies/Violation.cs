namespace Nereid.Domain.Policies;

/// <summary>
/// One workload breaking one policy, from the scan that first saw it until the scan that no longer does
/// (<see cref="ResolvedAt"/>). A later breach of the same key opens a new violation.
/// </summary>
public sealed class Violation
{
    public const int MaxSummaryLength = 500;

    public Guid Id { get; set; } = Guid.NewGuid();
    public PolicyKind Policy { get; set; }
    public string Cluster { get; set; } = "";
    public string Namespace { get; set; } = "";
    /// <summary><c>Pod</c>, <c>Deployment</c> or <c>Job</c>: what enforcement acts on.</summary>
    public string WorkloadKind { get; set; } = "";
    public string WorkloadName { get; set; } = "";
    /// <summary>The pod the evidence came from, when the policy is about a pod.</summary>
    public string? PodName { get; set; }
    /// <summary>The pod's creator when Nereid knows them (annotation or label it set), else null.</summary>
    public Guid? OwnerId { get; set; }
    /// <summary>What the workload said about its creator (an email or id), or <c>unknown</c>.</summary>
    public string OwnerName { get; set; } = "unknown";
    public string Summary { get; set; } = "";
    /// <summary>Values, window and threshold as JSON.</summary>
    public string Evidence { get; set; } = "{}";
    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public int NoticesSent { get; set; }
    public DateTime? LastNoticeAt { get; set; }
    public EnforcementState Enforcement { get; set; }
    public DateTime? EnforcedAt { get; set; }

    public bool IsOpen => ResolvedAt is null;
}
