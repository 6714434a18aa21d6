using System.Text.RegularExpressions;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.Policies;

/// <summary>What enforcement acts on for a pod: itself when bare, else its Deployment or Job (or other controller).</summary>
public sealed record WorkloadRef(string Kind, string Name);

/// <summary>The facts about one pod the policies need (requests summed over containers; cores and bytes).</summary>
public sealed record PodFacts(
    string Cluster, string Namespace, string Name, DateTimeOffset CreatedAt, string? Phase, string? NodeName,
    WorkloadRef Workload, bool IsBare, double CpuRequest, double MemoryRequest, double GpuRequest,
    IReadOnlyList<LimitExcess> LimitExcesses, string? OwnerHint);

/// <summary>A container whose limit of <paramref name="Resource"/> exceeds its request.</summary>
public sealed record LimitExcess(string Container, string Resource, double Request, double Limit);

/// <summary>A Deployment or Job as the policies see it.</summary>
public sealed record WorkloadFacts(string Cluster, string Namespace, string Kind, string Name, DateTimeOffset CreatedAt, bool SleepOnly, string? OwnerHint);

/// <summary>Pods, Deployments and Jobs of every connected cluster at one instant.</summary>
public sealed partial class WorkloadSnapshot
{
    /// <summary>Annotation (or label) Nereid sets on objects it creates for a person: their email or person id.</summary>
    public const string CreatedByKey = "nereid.io/created-by";

    public List<PodFacts> Pods { get; } = [];
    public List<WorkloadFacts> Workloads { get; } = [];

    /// <summary>Adds one cluster's objects; pods are resolved to their Deployment through the ReplicaSet name.</summary>
    public void Add(string cluster, IEnumerable<Pod> pods, IEnumerable<Deployment> deployments, IEnumerable<Job> jobs)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(deployments);
        ArgumentNullException.ThrowIfNull(jobs);
        var deploymentNames = new HashSet<(string, string)>();
        foreach (var d in deployments)
        {
            deploymentNames.Add((d.Metadata.Namespace ?? "", d.Metadata.Name ?? ""));
            Workloads.Add(new WorkloadFacts(cluster, d.Metadata.Namespace ?? "", "Deployment", d.Metadata.Name ?? "",
                d.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue, false, OwnerOf(d.Metadata)));
        }
        foreach (var j in jobs)
        {
            Workloads.Add(new WorkloadFacts(cluster, j.Metadata.Namespace ?? "", "Job", j.Metadata.Name ?? "",
                j.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue, IsSleepOnly(j.Spec?.Template?.Spec), OwnerOf(j.Metadata)));
        }
        foreach (var p in pods)
            Pods.Add(FactsOf(cluster, p, deploymentNames));
    }

    private static PodFacts FactsOf(string cluster, Pod pod, HashSet<(string, string)> deployments)
    {
        var meta = pod.Metadata;
        var ns = meta.Namespace ?? "";
        var name = meta.Name ?? "";
        var controller = meta.OwnerReferences?.FirstOrDefault(o => o.Controller == true) ?? meta.OwnerReferences?.FirstOrDefault();
        var workload = new WorkloadRef("Pod", name);
        if (controller is { Kind: not null, Name: not null })
        {
            workload = new WorkloadRef(controller.Kind, controller.Name);
            var dash = controller.Name.LastIndexOf('-');
            if (controller.Kind == "ReplicaSet" && dash > 0 && deployments.Contains((ns, controller.Name[..dash])))
                workload = new WorkloadRef("Deployment", controller.Name[..dash]);
        }
        double cpu = 0, memory = 0, gpu = 0;
        var excesses = new List<LimitExcess>();
        foreach (var c in pod.Spec?.Containers ?? [])
        {
            cpu += Amount(c.Resources?.Requests, "cpu");
            memory += Amount(c.Resources?.Requests, "memory");
            gpu += Math.Max(Amount(c.Resources?.Requests, "nvidia.com/gpu"), Amount(c.Resources?.Limits, "nvidia.com/gpu"));
            foreach (var resource in (string[])["cpu", "memory"])
            {
                var limit = Amount(c.Resources?.Limits, resource);
                if (limit > 0)
                    excesses.Add(new LimitExcess(c.Name ?? "", resource, Amount(c.Resources?.Requests, resource), limit));
            }
        }
        return new PodFacts(cluster, ns, name, meta.CreationTimestamp ?? DateTimeOffset.MinValue, pod.Status?.Phase, pod.Spec?.NodeName,
            workload, meta.OwnerReferences is null or { Count: 0 }, cpu, memory, gpu, excesses, OwnerOf(meta));
    }

    private static double Amount(Dictionary<string, Nereid.Kubernetes.Quantities.Quantity>? values, string key) =>
        values is not null && values.TryGetValue(key, out var q) ? (double)q.Value : 0;

    /// <summary>The creator Nereid recorded on the object, if any.</summary>
    public static string? OwnerOf(ObjectMeta meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        if (meta.Annotations?.TryGetValue(CreatedByKey, out var a) == true && !string.IsNullOrWhiteSpace(a))
            return a.Trim();
        return meta.Labels?.TryGetValue(CreatedByKey, out var l) == true && !string.IsNullOrWhiteSpace(l) ? l.Trim() : null;
    }

    /// <summary>True when every container's command line is just <c>sleep N</c> (optionally through <c>sh -c</c>).</summary>
    public static bool IsSleepOnly(PodSpec? spec)
    {
        var containers = spec?.Containers;
        if (containers is null || containers.Count == 0)
            return false;
        return containers.All(c =>
        {
            var line = string.Join(' ', (c.Command ?? []).Concat(c.Args ?? [])).Trim();
            return SleepLine().IsMatch(line);
        });
    }

    [GeneratedRegex(@"^((/usr)?(/bin/)?(ba)?sh\s+-c\s+)?['""]?((/usr)?/bin/)?sleep\s+(infinity|inf|\d+(\.\d+)?[smhd]?)['""]?$")]
    private static partial Regex SleepLine();
}
