using System.Text.Json;
using Microsoft.Extensions.Options;
using Nereid.Domain.Policies;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Audit;
using Nereid.Server.Clusters;

namespace Nereid.Server.Policies;

/// <summary>One enforcement step taken (or, in dry run, recorded) by a scan.</summary>
internal sealed record EnforcementStep(Violation Violation, string Action, bool DryRun);

/// <summary>The step after the annotation: due once it stood <paramref name="GracePeriod"/> and <paramref name="AfterNotices"/> notices went out.</summary>
/// <param name="FreesGpus">The GPU-idle "free the idle GPU" step rather than a policy's act level.</param>
internal sealed record ActStep(TimeSpan GracePeriod, int AfterNotices, bool FreesGpus);

/// <summary>
/// Graduated enforcement, level-triggered: every scan moves each open violation to the step its notice count and grace
/// period call for, from what has really been done to the workload. After enough notices the workload gets the
/// <c>nereid.io/violation</c> annotation; for policies allowed to act, after more notices and the grace period counted
/// from that annotation, Deployments are scaled to zero and bare pods or Jobs deleted. No step is skipped: acting needs
/// the annotation first. Idle GPUs can be freed as a step of its own (<c>GpuIdle:Free</c>): the same action, due after
/// its own grace period from the annotation. Deployments and StatefulSets are scaled to zero, bare pods and Jobs deleted. In dry run (the default) nothing is written to the cluster: the would-be step is recorded and
/// audited instead, and a dry-run record does not count as done once dry run is switched off (the next scan annotates).
/// </summary>
internal sealed class PolicyEnforcer(IClusterConnections clusters, AuditLog audit, IOptions<PolicyOptions> options, TimeProvider time,
    ILogger<PolicyEnforcer> logger)
{
    /// <summary>The annotation put on offending workloads; its value is the policy's wire name.</summary>
    public const string ViolationAnnotation = "nereid.io/violation";

    /// <summary>Takes the steps that are due; returns them so the people already notified can be told.</summary>
    public async Task<IReadOnlyList<EnforcementStep>> EnforceAsync(IReadOnlyList<Violation> open, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(open);
        var o = options.Value;
        var dryRun = o.Enforcement.DryRun;
        var now = time.GetUtcNow().UtcDateTime;
        var steps = new List<EnforcementStep>();
        foreach (var v in open)
        {
            var level = LevelOf(v.Policy, o);
            var cluster = clusters.Find(v.Cluster);
            // Scaled down or deleted: the action was taken; the scan resolves the violation once it holds.
            if (level == EnforcementLevel.Notify || cluster is null || v.NoticesSent < o.Enforcement.AnnotateAfterNotices
                || v.Enforcement is EnforcementState.ScaledDown or EnforcementState.Deleted)
                continue;
            if (!IsAnnotated(v.Enforcement, dryRun))
            {
                if (!await StepAsync(cluster.Client, v, "annotate", dryRun ? EnforcementState.WouldAnnotate : EnforcementState.Annotated, now, false, ct))
                    continue;
                steps.Add(new EnforcementStep(v, "annotate", dryRun));
            }
            if (v.Enforcement is EnforcementState.WouldScaleDown or EnforcementState.WouldDelete || ActStepOf(v.Policy, o) is not { } step
                || v.NoticesSent < step.AfterNotices || v.EnforcedAt is not { } annotatedAt || now - annotatedAt < step.GracePeriod
                || ActionOn(v.WorkloadKind) is not { } action)
                continue;
            var next = (action, dryRun) switch
            {
                ("scale-down", true) => EnforcementState.WouldScaleDown,
                ("scale-down", false) => EnforcementState.ScaledDown,
                (_, true) => EnforcementState.WouldDelete,
                _ => EnforcementState.Deleted,
            };
            if (await StepAsync(cluster.Client, v, action, next, now, step.FreesGpus, ct))
                steps.Add(new EnforcementStep(v, action, dryRun));
        }
        return steps;
    }

    /// <summary>
    /// Whether the annotation step counts as done in this mode: really annotated always; a dry-run record (the would-be
    /// annotation or a later would-be action) only while dry run is still on, since nothing was written then.
    /// </summary>
    internal static bool IsAnnotated(EnforcementState state, bool dryRun) => state == EnforcementState.Annotated
        || (dryRun && state is EnforcementState.WouldAnnotate or EnforcementState.WouldScaleDown or EnforcementState.WouldDelete);

    /// <summary>
    /// The step after the annotation for <paramref name="policy"/>, or null when none follows: freeing idle GPUs on its own
    /// grace period (counted from the annotation, no notices beyond the annotation's) when <c>GpuIdle:Free</c> is on,
    /// else acting for a policy at level <c>Act</c>. The notice wording reads it too.
    /// </summary>
    internal static ActStep? ActStepOf(PolicyKind policy, PolicyOptions o)
    {
        if (policy == PolicyKind.GpuIdle && o.GpuIdle.Free.Enabled)
            return new ActStep(o.GpuIdle.Free.GracePeriod, o.Enforcement.AnnotateAfterNotices, FreesGpus: true);
        return LevelOf(policy, o) == EnforcementLevel.Act ? new ActStep(o.Enforcement.GracePeriod, o.Enforcement.ActAfterNotices, FreesGpus: false) : null;
    }

    /// <summary>What acting on a workload of <paramref name="kind"/> does: <c>scale-down</c>, <c>delete</c>, or null (nothing Nereid acts on).</summary>
    internal static string? ActionOn(string kind) => kind switch
    {
        "Deployment" or "StatefulSet" => "scale-down",
        "Job" or "Pod" => "delete",
        _ => null,
    };

    private async Task<bool> StepAsync(IKubeClient client, Violation v, string action, EnforcementState next, DateTime now, bool freesGpus,
        CancellationToken ct)
    {
        var dryRun = options.Value.Enforcement.DryRun;
        try
        {
            if (!dryRun)
                await ApplyAsync(client, v, action, ct);
        }
        catch (KubeApiException ex)
        {
            PolicyLog.EnforceFailed(logger, action, v.WorkloadKind, v.Namespace, v.WorkloadName, ex);
            return false;
        }
        PolicyLog.Enforced(logger, action, v.WorkloadKind, v.Namespace, v.WorkloadName, dryRun);
        var before = v.Enforcement;
        v.Enforcement = next;
        v.EnforcedAt = now;
        audit.Record(null, dryRun ? "violation.enforce.dry-run" : "violation.enforce", v.WorkloadKind.ToLowerInvariant(), $"{v.Cluster}/{v.Namespace}/{v.WorkloadName}",
            v.Namespace, before: new { enforcement = before.ToString() },
            after: new { action, step = freesGpus ? "free-idle-gpu" : action == "annotate" ? "annotate" : "act", enforcement = next.ToString(), violation = v.Id });
        return true;
    }

    private static async Task ApplyAsync(IKubeClient client, Violation v, string action, CancellationToken ct)
    {
        var ns = v.Namespace;
        var name = v.WorkloadName;
        switch (action, v.WorkloadKind)
        {
            case ("annotate", _):
                var patch = JsonSerializer.Serialize(new { metadata = new { annotations = new Dictionary<string, string> { [ViolationAnnotation] = v.Policy.ToWire() } } });
                await (v.WorkloadKind switch
                {
                    "Deployment" => client.PatchAsync<Deployment>(ns, name, patch, ct),
                    "StatefulSet" => client.PatchAsync<StatefulSet>(ns, name, patch, ct),
                    "Job" => client.PatchAsync<Job>(ns, name, patch, ct),
                    "Pod" => (Task)client.PatchAsync<Pod>(ns, name, patch, ct),
                    _ => Task.CompletedTask,
                });
                break;
            case ("scale-down", "Deployment"):
                // A merge patch touches only spec.replicas, so it is idempotent and safe to retry.
                await client.PatchAsync<Deployment>(ns, name, """{"spec":{"replicas":0}}""", ct);
                break;
            case ("scale-down", "StatefulSet"):
                await client.PatchAsync<StatefulSet>(ns, name, """{"spec":{"replicas":0}}""", ct);
                break;
            case ("delete", "Job"):
                await client.DeleteAsync<Job>(ns, name, new DeleteOptions { PropagationPolicy = "Background" }, ct);
                break;
            case ("delete", "Pod"):
                await client.DeleteAsync<Pod>(ns, name, null, ct);
                break;
        }
    }

    /// <summary>How far enforcement may go for <paramref name="policy"/> (the notice wording reads it too).</summary>
    internal static EnforcementLevel LevelOf(PolicyKind policy, PolicyOptions o) => policy switch
    {
        PolicyKind.GpuIdle => o.GpuIdle.Enforcement,
        PolicyKind.CpuUsage => o.Cpu.Enforcement,
        PolicyKind.MemoryUsage => o.Memory.Enforcement,
        PolicyKind.LimitsAboveRequests => o.Limits.Enforcement,
        PolicyKind.BarePod => o.BarePods.Enforcement,
        PolicyKind.OldDeployment => o.Deployments.Enforcement,
        PolicyKind.SleepJob => o.SleepJobs.Enforcement,
        PolicyKind.PodBudget => o.PodBudget.Enforcement,
        _ => EnforcementLevel.Notify,
    };
}
