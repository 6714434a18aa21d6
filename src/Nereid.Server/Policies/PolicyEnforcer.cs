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

/// <summary>
/// Graduated enforcement, level-triggered: every scan moves each open violation to the step its notice count and grace
/// period call for, from what has really been done to the workload. After enough notices the workload gets the
/// <c>nereid.io/violation</c> annotation; for policies allowed to act, after more notices and the grace period counted
/// from that annotation, Deployments are scaled to zero and bare pods or Jobs deleted. No step is skipped: acting needs
/// the annotation first. In dry run (the default) nothing is written to the cluster: the would-be step is recorded and
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
                if (!await StepAsync(cluster.Client, v, "annotate", dryRun ? EnforcementState.WouldAnnotate : EnforcementState.Annotated, now, ct))
                    continue;
                steps.Add(new EnforcementStep(v, "annotate", dryRun));
            }
            var acted = v.Enforcement is EnforcementState.WouldScaleDown or EnforcementState.WouldDelete;
            var mayAct = level == EnforcementLevel.Act && !acted && v.NoticesSent >= o.Enforcement.ActAfterNotices
                && v.EnforcedAt is { } annotatedAt && now - annotatedAt >= o.Enforcement.GracePeriod;
            if (!mayAct)
                continue;
            var action = v.WorkloadKind switch { "Deployment" => "scale-down", "Job" or "Pod" => "delete", _ => null };
            if (action is null)
                continue;
            var next = (action, dryRun) switch
            {
                ("scale-down", true) => EnforcementState.WouldScaleDown,
                ("scale-down", false) => EnforcementState.ScaledDown,
                (_, true) => EnforcementState.WouldDelete,
                _ => EnforcementState.Deleted,
            };
            if (await StepAsync(cluster.Client, v, action, next, now, ct))
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

    private async Task<bool> StepAsync(IKubeClient client, Violation v, string action, EnforcementState next, DateTime now, CancellationToken ct)
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
            v.Namespace, before: new { enforcement = before.ToString() }, after: new { action, enforcement = next.ToString(), violation = v.Id });
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
                    "Job" => client.PatchAsync<Job>(ns, name, patch, ct),
                    "Pod" => (Task)client.PatchAsync<Pod>(ns, name, patch, ct),
                    _ => Task.CompletedTask,
                });
                break;
            case ("scale-down", "Deployment"):
                // A merge patch touches only spec.replicas, so it is idempotent and safe to retry.
                await client.PatchAsync<Deployment>(ns, name, """{"spec":{"replicas":0}}""", ct);
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
