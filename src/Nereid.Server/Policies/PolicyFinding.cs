using Nereid.Domain.Policies;

namespace Nereid.Server.Policies;

/// <summary>One breach seen by one scan; the scanner turns findings into <see cref="Violation"/> rows.</summary>
public sealed record PolicyFinding(
    PolicyKind Policy, string Cluster, string Namespace, WorkloadRef Workload, string? PodName, string? OwnerHint,
    string Summary, IReadOnlyDictionary<string, object> Evidence)
{
    /// <summary>Identity of the breach across scans.</summary>
    public (PolicyKind, string, string, string, string, string) Key =>
        (Policy, Cluster, Namespace, Workload.Kind, Workload.Name, PodName ?? "");
}

/// <summary>Usage averaged by Prometheus over the window, keyed by (namespace, pod); GPU series without pod labels by node.</summary>
public sealed class UsageMetrics
{
    public Dictionary<(string Namespace, string Pod), double> GpuPercent { get; } = [];
    public Dictionary<string, double> GpuPercentByNode { get; } = new(StringComparer.Ordinal);
    public Dictionary<(string Namespace, string Pod), double> CpuCores { get; } = [];
    public Dictionary<(string Namespace, string Pod), double> MemoryBytes { get; } = [];
}
