namespace Nereid.Domain.Policies;

/// <summary>The usage policies the violations engine checks (numbers from the NRP policy page).</summary>
public enum PolicyKind
{
    /// <summary>GPU utilisation averaged over the window is below the threshold (DCGM).</summary>
    GpuIdle = 0,
    /// <summary>CPU use is outside the allowed band of the pod's CPU request.</summary>
    CpuUsage = 1,
    /// <summary>Memory working set is outside the allowed band of the pod's memory request.</summary>
    MemoryUsage = 2,
    /// <summary>A container's limit is more than the allowed percentage above its request.</summary>
    LimitsAboveRequests = 3,
    /// <summary>A pod without ownerReferences has lived longer than allowed.</summary>
    BarePod = 4,
    /// <summary>A Deployment has lived longer than allowed.</summary>
    OldDeployment = 5,
    /// <summary>A Job whose containers only run <c>sleep</c>.</summary>
    SleepJob = 6,
    /// <summary>A person has more non-compliant pods than their budget.</summary>
    PodBudget = 7,
    /// <summary>A JupyterHub server with GPUs has had no activity for too long and its GPUs were idle over the window.</summary>
    SessionIdle = 8,
}

/// <summary>Wire names of policies (<c>gpu-idle</c>, <c>cpu-usage</c>, …).</summary>
public static class PolicyKindNames
{
    private static readonly Dictionary<PolicyKind, string> Names = new()
    {
        [PolicyKind.GpuIdle] = "gpu-idle",
        [PolicyKind.CpuUsage] = "cpu-usage",
        [PolicyKind.MemoryUsage] = "memory-usage",
        [PolicyKind.LimitsAboveRequests] = "limits-above-requests",
        [PolicyKind.BarePod] = "bare-pod",
        [PolicyKind.OldDeployment] = "old-deployment",
        [PolicyKind.SleepJob] = "sleep-job",
        [PolicyKind.PodBudget] = "pod-budget",
        [PolicyKind.SessionIdle] = "session-idle",
    };

    public static string ToWire(this PolicyKind kind) => Names[kind];

    public static bool TryParse(string? value, out PolicyKind kind)
    {
        foreach (var (k, name) in Names)
        {
            if (string.Equals(name, value?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    public static PolicyKind Parse(string? value, string field = "policy") =>
        TryParse(value, out var kind)
            ? kind
            : throw Errors.ValidationFailedException.For(field, $"'{value}' is not a policy; use one of {string.Join(", ", Names.Values)}.");
}
