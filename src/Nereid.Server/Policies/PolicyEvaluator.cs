using System.Globalization;
using Nereid.Domain.Policies;

namespace Nereid.Server.Policies;

/// <summary>Pure policy logic: a snapshot, the usage metrics and the live exceptions in, findings out.</summary>
internal sealed class PolicyEvaluator(PolicyOptions options)
{
    /// <summary>Every finding at <paramref name="now"/>; excepted pods and workloads are left out.</summary>
    public List<PolicyFinding> Evaluate(WorkloadSnapshot snapshot, UsageMetrics usage, IReadOnlyList<PolicyException> exceptions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(exceptions);
        var findings = new List<PolicyFinding>();
        var excepted = exceptions.ToLookup(e => e.Namespace, StringComparer.Ordinal);
        var nowUtc = now.UtcDateTime;
        bool Excepted(PolicyKind policy, string ns, string pod, string workload) =>
            excepted[ns].Any(e => e.Covers(policy, ns, pod, nowUtc) || e.Covers(policy, ns, workload, nowUtc));
        void Add(PolicyKind policy, PodFacts pod, string summary, Dictionary<string, object> evidence)
        {
            if (!Excepted(policy, pod.Namespace, pod.Name, pod.Workload.Name))
                findings.Add(new PolicyFinding(policy, pod.Cluster, pod.Namespace, pod.Workload, pod.Name, pod.OwnerHint, summary, evidence));
        }

        var gpuPodsByNode = snapshot.Pods.Where(p => p.GpuRequest > 0 && p.NodeName is not null)
            .GroupBy(p => (p.Cluster, p.NodeName!)).ToDictionary(g => g.Key, g => g.Count());
        var window = Pages.Shared.Units.Duration(options.UsageWindow);
        var windowSeconds = Math.Round(options.UsageWindow.TotalSeconds);
        foreach (var pod in snapshot.Pods)
        {
            var running = pod.Phase is null or "Running";
            var oldEnough = now - pod.CreatedAt >= options.UsageWindow;
            if (options.GpuIdle.Enabled && running && oldEnough && pod.GpuRequest > 0 && GpuUse(pod, usage, gpuPodsByNode) is { } gpu
                && gpu < options.GpuIdle.MinUtilizationPercent)
            {
                Add(PolicyKind.GpuIdle, pod, Invariant($"GPU utilisation {gpu:0.#} % averaged over {window} is below {options.GpuIdle.MinUtilizationPercent} %."),
                    new() { ["metric"] = "DCGM_FI_DEV_GPU_UTIL", ["value"] = Math.Round(gpu, 2), ["threshold"] = options.GpuIdle.MinUtilizationPercent, ["windowSeconds"] = windowSeconds, ["gpus"] = pod.GpuRequest });
            }
            var tiny = pod.CpuRequest <= options.TinyPodMaxCpu && pod.MemoryRequest <= options.TinyPodMaxMemoryBytes;
            if (!tiny && running && oldEnough)
            {
                Band(PolicyKind.CpuUsage, options.Cpu, pod, pod.CpuRequest, usage.CpuCores, "CPU", "rate(container_cpu_usage_seconds_total)", options.UsageWindow, Add);
                Band(PolicyKind.MemoryUsage, options.Memory, pod, pod.MemoryRequest, usage.MemoryBytes, "Memory", "container_memory_working_set_bytes", options.UsageWindow, Add);
            }
            if (options.Limits.Enabled)
            {
                // A limit exactly at the threshold passes (600m over 500m is 20 %, whatever the floating-point rounding).
                var worst = pod.LimitExcesses.Where(e => e.Request > 0)
                    .Select(e => (e, pct: (e.Limit / e.Request - 1) * 100)).Where(x => x.pct > options.Limits.MaxPercentAboveRequest + 1e-9)
                    .OrderByDescending(x => x.pct).FirstOrDefault();
                if (worst.e is { } excess)
                {
                    Add(PolicyKind.LimitsAboveRequests, pod, Invariant($"Container {excess.Container}: {excess.Resource} limit is {worst.pct:0} % above its request (max {options.Limits.MaxPercentAboveRequest} %)."),
                        new() { ["container"] = excess.Container, ["resource"] = excess.Resource, ["request"] = excess.Request, ["limit"] = excess.Limit, ["threshold"] = options.Limits.MaxPercentAboveRequest });
                }
            }
            if (options.BarePods.Enabled && pod.IsBare && now - pod.CreatedAt > options.BarePods.MaxAge)
            {
                Add(PolicyKind.BarePod, pod, Invariant($"Bare pod (no controller) running for {(now - pod.CreatedAt).TotalHours:0.#} h; the limit is {options.BarePods.MaxAge.TotalHours:0.#} h."),
                    new() { ["createdAt"] = pod.CreatedAt, ["maxAgeHours"] = options.BarePods.MaxAge.TotalHours });
            }
        }
        AddWorkloadFindings(snapshot, now, findings, Excepted);
        AddBudgetFindings(snapshot, findings, Excepted);
        return findings;
    }

    private static double? GpuUse(PodFacts pod, UsageMetrics usage, Dictionary<(string, string), int> gpuPodsByNode)
    {
        if (UsageMetrics.TryFind(usage.GpuPercent, pod, out var v))
            return v;
        // Exporters without the pod mapping only name the node; that is attributable only when one GPU pod runs there.
        return pod.NodeName is not null && gpuPodsByNode.GetValueOrDefault((pod.Cluster, pod.NodeName)) == 1
            && usage.TryFindNode(pod.Cluster, pod.NodeName, out var n) ? n : null;
    }

    private static void Band(PolicyKind policy, UsageBandPolicy band, PodFacts pod, double request, Dictionary<(string, string, string), double> used,
        string what, string metric, TimeSpan window, Action<PolicyKind, PodFacts, string, Dictionary<string, object>> add)
    {
        if (!band.Enabled || request <= 0 || !UsageMetrics.TryFind(used, pod, out var value))
            return;
        var percent = value / request * 100;
        if (percent >= band.MinPercent && percent <= band.MaxPercent)
            return;
        add(policy, pod, Invariant($"{what} use is {percent:0} % of the request over {Pages.Shared.Units.Duration(window)}; allowed {band.MinPercent}–{band.MaxPercent} %."),
            new() { ["metric"] = metric, ["value"] = Math.Round(value, 4), ["request"] = request, ["percent"] = Math.Round(percent, 1), ["min"] = band.MinPercent, ["max"] = band.MaxPercent, ["windowSeconds"] = Math.Round(window.TotalSeconds) });
    }

    private void AddWorkloadFindings(WorkloadSnapshot snapshot, DateTimeOffset now, List<PolicyFinding> findings, Func<PolicyKind, string, string, string, bool> excepted)
    {
        foreach (var w in snapshot.Workloads)
        {
            var workload = new WorkloadRef(w.Kind, w.Name);
            // A Deployment at zero replicas runs nothing (that is what enforcement scales it to), so it is not flagged.
            if (w.Kind == "Deployment" && w.Replicas != 0 && options.Deployments.Enabled && now - w.CreatedAt > options.Deployments.MaxAge
                && !excepted(PolicyKind.OldDeployment, w.Namespace, w.Name, w.Name))
            {
                findings.Add(new PolicyFinding(PolicyKind.OldDeployment, w.Cluster, w.Namespace, workload, null, w.OwnerHint,
                    Invariant($"Deployment is {(now - w.CreatedAt).TotalDays:0.#} days old; the limit is {options.Deployments.MaxAge.TotalDays:0.#} days."),
                    new Dictionary<string, object> { ["createdAt"] = w.CreatedAt, ["maxAgeDays"] = options.Deployments.MaxAge.TotalDays }));
            }
            if (w.Kind == "Job" && options.SleepJobs.Enabled && w.SleepOnly && !excepted(PolicyKind.SleepJob, w.Namespace, w.Name, w.Name))
            {
                findings.Add(new PolicyFinding(PolicyKind.SleepJob, w.Cluster, w.Namespace, workload, null, w.OwnerHint,
                    "Job containers only run sleep; Jobs must do work.", new Dictionary<string, object> { ["command"] = "sleep" }));
            }
        }
    }

    private void AddBudgetFindings(WorkloadSnapshot snapshot, List<PolicyFinding> findings, Func<PolicyKind, string, string, string, bool> excepted)
    {
        if (!options.PodBudget.Enabled)
            return;
        var pods = snapshot.Pods.ToDictionary(p => (p.Cluster, p.Namespace, p.Name));
        var byOwner = findings.Where(f => f.PodName is not null && f.OwnerHint is not null)
            .Select(f => pods[(f.Cluster, f.Namespace, f.PodName!)]).Distinct()
            .GroupBy(p => p.OwnerHint!, StringComparer.OrdinalIgnoreCase);
        var extra = new List<PolicyFinding>();
        foreach (var owner in byOwner)
        {
            var count = owner.Count();
            if (count <= options.PodBudget.MaxNonCompliantPods)
                continue;
            foreach (var pod in owner.OrderBy(p => p.CreatedAt).Skip(options.PodBudget.MaxNonCompliantPods))
            {
                if (excepted(PolicyKind.PodBudget, pod.Namespace, pod.Name, pod.Workload.Name))
                    continue;
                extra.Add(new PolicyFinding(PolicyKind.PodBudget, pod.Cluster, pod.Namespace, pod.Workload, pod.Name, pod.OwnerHint,
                    Invariant($"{owner.Key} has {count} non-compliant pods; at most {options.PodBudget.MaxNonCompliantPods} are allowed."),
                    new Dictionary<string, object> { ["nonCompliantPods"] = count, ["max"] = options.PodBudget.MaxNonCompliantPods }));
            }
        }
        findings.AddRange(extra);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
