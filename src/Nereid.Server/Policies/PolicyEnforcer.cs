using System.Text.Json;
using Microsoft.Extensions.Options;
using Nereid.Domain.Policies;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Audit;
using Nereid.Server.Clusters;

namespace Nereid.Server.Policies;

/// <summary>
/// Graduated enforcement: after enough notices the workload gets the <c>nereid.io/violation</c> annotation; for policies
/// allowed to act, after more notices and the grace period Deployments are scaled to zero and bare pods or Jobs deleted.
/// In dry run (the default) nothing is written to the cluster: the would-be action is recorded and audited instead.
/// </summary>
public sealed class PolicyEnforcer(IClusterConnections clusters, AuditLog audit, IOptions<PolicyOptions> options, TimeProvider time,
    ILogger<PolicyEnforcer> logger)
{
    /// <summary>The annotation put on offending workloads; its value is the policy's wire name.</summary>
    public const string ViolationAnnotation = "nereid.io/violation";

    public async Task EnforceAsync(IReadOnlyList<Violation> open, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(open);
        var o = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var v in open)
        {
            var level = LevelOf(v.Policy, o);
            var cluster = clusters.Find(v.Cluster);
            if (level == EnforcementLevel.Notify || cluster is null || v.NoticesSent < o.Enforcement.AnnotateAfterNotices)
                continue;
            if (v.Enforcement is EnforcementState.Notified)
                await StepAsync(cluster.Client, v, "annotate", o.Enforcement.DryRun ? EnforcementState.WouldAnnotate : EnforcementState.Annotated, now, ct);
            var mayAct = level == EnforcementLevel.Act && v.NoticesSent >= o.Enforcement.ActAfterNotices && now - v.FirstSeenAt >= o.Enforcement.GracePeriod
                && v.Enforcement is EnforcementState.Annotated or EnforcementState.WouldAnnotate;
            if (!mayAct)
                continue;
            if (v.WorkloadKind == "Deployment")
                await StepAsync(cluster.Client, v, "scale-down", o.Enforcement.DryRun ? EnforcementState.WouldScaleDown : EnforcementState.ScaledDown, now, ct);
            else if (v.WorkloadKind is "Job" or "Pod")
                await StepAsync(cluster.Client, v, "delete", o.Enforcement.DryRun ? EnforcementState.WouldDelete : EnforcementState.Deleted, now, ct);
        }
    }

    private async Task StepAsync(IKubeClient client, Violation v, string action, EnforcementState next, DateTime now, CancellationToken ct)
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
            return;
        }
        PolicyLog.Enforced(logger, action, v.WorkloadKind, v.Namespace, v.WorkloadName, dryRun);
        var before = v.Enforcement;
        v.Enforcement = next;
        v.EnforcedAt = now;
        audit.Record(null, dryRun ? "violation.enforce.dry-run" : "violation.enforce", v.WorkloadKind.ToLowerInvariant(), $"{v.Cluster}/{v.Namespace}/{v.WorkloadName}",
            v.Namespace, before: new { enforcement = before.ToString() }, after: new { action, enforcement = next.ToString(), violation = v.Id });
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

    private static EnforcementLevel LevelOf(PolicyKind policy, PolicyOptions o) => policy switch
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
