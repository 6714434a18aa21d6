using System.Text.RegularExpressions;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.Policies;

/// <summary>What enforcement acts on for a pod: itself when bare, else its Deployment or Job (or other controller).</summary>
internal sealed record WorkloadRef(string Kind, string Name);

/// <summary>The facts about one pod the policies need (requests summed over containers; cores and bytes).</summary>
internal sealed record PodFacts(
    string Cluster, string Namespace, string Name, DateTimeOffset CreatedAt, string? Phase, string? NodeName,
    WorkloadRef Workload, bool IsBare, double CpuRequest, double MemoryRequest, double GpuRequest,
    IReadOnlyList<LimitExcess> LimitExcesses, string? OwnerHint);

/// <summary>A container whose limit of <paramref name="Resource"/> exceeds its request.</summary>
internal sealed record LimitExcess(string Container, string Resource, double Request, double Limit);

/// <summary>A Deployment or Job as the policies see it.</summary>
internal sealed record WorkloadFacts(string Cluster, string Namespace, string Kind, string Name, DateTimeOffset CreatedAt, bool SleepOnly, string? OwnerHint,
    int? Replicas = null);

/// <summary>Pods, Deployments and Jobs of every connected cluster at one instant (with the creators of StatefulSets and CronJobs).</summary>
internal sealed partial class WorkloadSnapshot
{
    /// <summary>Annotation (or label) Nereid sets on objects it creates for a person: their email or person id.</summary>
    public const string CreatedByKey = "nereid.io/created-by";

    public List<PodFacts> Pods { get; } = [];
    public List<WorkloadFacts> Workloads { get; } = [];

    /// <summary>
    /// Adds one cluster's objects. Pods are resolved to their Deployment through the ReplicaSet name; an object without its
    /// own creator record takes the one of the object that made it, following owner references to the object a person
    /// created (the admission webhook stamps only those): a pod its Deployment's, StatefulSet's or Job's, a Job its
    /// CronJob's (otherwise the owner stays unknown). StatefulSets and CronJobs are read for that only.
    /// </summary>
    public void Add(string cluster, IEnumerable<Pod> pods, IEnumerable<Deployment> deployments, IEnumerable<Job> jobs,
        IEnumerable<StatefulSet>? statefulSets = null, IEnumerable<CronJob>? cronJobs = null)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(deployments);
        ArgumentNullException.ThrowIfNull(jobs);
        var owners = new Dictionary<(string Kind, string Namespace, string Name), string?>();
        foreach (var d in deployments)
        {
            var facts = new WorkloadFacts(cluster, d.Metadata.Namespace ?? "", "Deployment", d.Metadata.Name ?? "",
                d.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue, false, OwnerOf(d.Metadata), d.Spec?.Replicas);
            owners[("Deployment", facts.Namespace, facts.Name)] = facts.OwnerHint;
            Workloads.Add(facts);
        }
        foreach (var s in statefulSets ?? [])
            owners[("StatefulSet", s.Metadata.Namespace ?? "", s.Metadata.Name ?? "")] = OwnerOf(s.Metadata);
        foreach (var c in cronJobs ?? [])
            owners[("CronJob", c.Metadata.Namespace ?? "", c.Metadata.Name ?? "")] = OwnerOf(c.Metadata);
        foreach (var j in jobs)
        {
            var ns = j.Metadata.Namespace ?? "";
            // A CronJob's Job carries no record of its own (the webhook removes one copied from the template).
            var maker = WorkloadOf(j.Metadata, _ => false);
            var owner = OwnerOf(j.Metadata) ?? (maker.Kind == "CronJob" ? owners.GetValueOrDefault(("CronJob", ns, maker.Name)) : null);
            var facts = new WorkloadFacts(cluster, ns, "Job", j.Metadata.Name ?? "",
                j.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue, IsSleepOnly(j.Spec?.Template?.Spec), owner);
            owners[("Job", facts.Namespace, facts.Name)] = facts.OwnerHint;
            Workloads.Add(facts);
        }
        foreach (var p in pods)
            Pods.Add(FactsOf(cluster, p, owners));
    }

    /// <summary>
    /// The workload a pod belongs to: itself when bare, its controller otherwise, and for a ReplicaSet the Deployment whose
    /// name plus <c>-&lt;pod-template-hash&gt;</c> names it (ReplicaSets are not watched; this is how the Deployment controller names them).
    /// </summary>
    public static WorkloadRef WorkloadOf(ObjectMeta meta, Func<string, bool> isDeployment)
    {
        ArgumentNullException.ThrowIfNull(meta);
        ArgumentNullException.ThrowIfNull(isDeployment);
        var controller = meta.OwnerReferences?.FirstOrDefault(o => o.Controller == true) ?? meta.OwnerReferences?.FirstOrDefault();
        if (controller is not { Kind: not null, Name: not null })
            return new WorkloadRef("Pod", meta.Name ?? "");
        if (controller.Kind == "ReplicaSet")
        {
            var hash = meta.Labels?.GetValueOrDefault("pod-template-hash");
            var cut = !string.IsNullOrEmpty(hash) && controller.Name.EndsWith("-" + hash, StringComparison.Ordinal)
                ? controller.Name.Length - hash.Length - 1
                : controller.Name.LastIndexOf('-');
            if (cut > 0 && isDeployment(controller.Name[..cut]))
                return new WorkloadRef("Deployment", controller.Name[..cut]);
        }
        return new WorkloadRef(controller.Kind, controller.Name);
    }

    private static PodFacts FactsOf(string cluster, Pod pod, Dictionary<(string, string, string), string?> owners)
    {
        var meta = pod.Metadata;
        var ns = meta.Namespace ?? "";
        var name = meta.Name ?? "";
        var workload = WorkloadOf(meta, d => owners.ContainsKey(("Deployment", ns, d)));
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
        // Pod's own record first; else the owning Deployment's, StatefulSet's or Job's. No namespace-level default exists, so the rest stay unknown.
        var owner = OwnerOf(meta) ?? owners.GetValueOrDefault((workload.Kind, ns, workload.Name));
        return new PodFacts(cluster, ns, name, meta.CreationTimestamp ?? DateTimeOffset.MinValue, pod.Status?.Phase, pod.Spec?.NodeName,
            workload, meta.OwnerReferences is null or { Count: 0 }, cpu, memory, gpu, excesses, owner);
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
