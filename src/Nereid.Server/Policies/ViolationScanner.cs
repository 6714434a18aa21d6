using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Policies;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Audit;
using Nereid.Server.Clusters;
using Nereid.Server.Resources;

namespace Nereid.Server.Policies;

/// <summary>
/// What one scan did, and how long its phases took (reading the clusters' workloads, PromQL, evaluation,
/// database/notices/enforcement); how many clusters came from the informer caches, how many had to be listed, and how
/// many could not be read at all (skipped: their open violations stay as they were); whether Prometheus failed (then
/// only the workload policies were judged and open usage violations stay as they were).
/// </summary>
internal sealed record ScanResult(int Findings, int Opened, int Resolved, int Notices, int PromqlQueries, int OpenViolations,
    TimeSpan ListTime = default, TimeSpan QueryTime = default, TimeSpan EvaluateTime = default, TimeSpan RecordTime = default,
    int CachedClusters = 0, int ListedClusters = 0, int SkippedClusters = 0, bool UsageUnavailable = false);

/// <summary>
/// One full scan: read Pods, Deployments, Jobs (and the StatefulSets and CronJobs their creators come from) of every cluster from the <see cref="WorkloadCache"/> (or, while a cluster's
/// caches have not synced, one paged list per kind), ask Prometheus one query per usage policy, evaluate, upsert violations
/// (resolving the ones no longer seen), send due notices, then enforce. A cluster that cannot be read is skipped with a
/// warning: the others are still scanned, and its open violations are neither refreshed nor resolved. Likewise when
/// Prometheus fails, the workload policies still run and the usage-based violations are left as they were.
/// </summary>
internal sealed class ViolationScanner(
    NereidDbContext db, IClusterConnections clusters, UsageCollector usage, PrometheusClient prometheus, ViolationNotifier notifier,
    PolicyEnforcer enforcer, SessionIdleEnforcer sessionIdle, AuditLog audit, WorkloadCache cache, IOptions<PolicyOptions> options, IOptions<ResourcesOptions> resources,
    IOptions<Kubernetes.Projection.ProjectionOptions> projection, IOptions<List<ClusterOptions>> clusterOptions, TimeProvider time, ILogger<ViolationScanner> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Policies judged from Prometheus usage (the pod budget counts their findings too).</summary>
    private static readonly HashSet<PolicyKind> UsagePolicies = [PolicyKind.GpuIdle, PolicyKind.CpuUsage, PolicyKind.MemoryUsage, PolicyKind.PodBudget];

    public async Task<ScanResult> ScanAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var nowUtc = now.UtcDateTime;
        var queriesBefore = prometheus.QueryCount;
        var started = time.GetTimestamp();
        var snapshot = new WorkloadSnapshot();
        var connected = clusters.Clusters;
        cache.EnsureStarted(connected);
        int cachedClusters = 0, listedClusters = 0;
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cluster in connected)
        {
            if (cache.TryGet(cluster.Name) is { } cached)
            {
                snapshot.Add(cluster.Name, cached.Pods, cached.Deployments, cached.Jobs, cached.StatefulSets, cached.CronJobs);
                cachedClusters++;
                continue;
            }
            // Same pod selector as the shared pod informer, so both paths see the same pods (finished ones are skipped).
            var page = options.Value.ListPageSize;
            var selector = string.IsNullOrWhiteSpace(resources.Value.PodFieldSelector) ? null : new ListOptions { FieldSelector = resources.Value.PodFieldSelector };
            try
            {
                var pods = await cluster.Client.ListAllAsync<Pod>(ResourceType.Of<Pod>(), null, selector, page, ct);
                var deployments = await cluster.Client.ListAllAsync<Deployment>(ResourceType.Of<Deployment>(), null, null, page, ct);
                var jobs = await cluster.Client.ListAllAsync<Job>(ResourceType.Of<Job>(), null, null, page, ct);
                var statefulSets = await cluster.Client.ListAllAsync<StatefulSet>(ResourceType.Of<StatefulSet>(), null, null, page, ct);
                var cronJobs = await cluster.Client.ListAllAsync<CronJob>(ResourceType.Of<CronJob>(), null, null, page, ct);
                snapshot.Add(cluster.Name, pods.Items, deployments.Items, jobs.Items, statefulSets.Items, cronJobs.Items);
                listedClusters++;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // One unreachable cluster must not stop the scans of the others, nor make its violations look resolved.
                PolicyLog.ClusterSkipped(logger, ex, cluster.Name);
                skipped.Add(cluster.Name);
            }
        }
        var listed = time.GetTimestamp();
        UsageMetrics metrics;
        var usageUnavailable = false;
        try
        {
            metrics = await usage.CollectAsync(now, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Without usage data nothing can be said about usage policies; the workload policies need none.
            PolicyLog.UsageUnavailable(logger, ex);
            metrics = new UsageMetrics();
            usageUnavailable = true;
        }
        var queried = time.GetTimestamp();
        var exceptions = await db.Set<PolicyException>().Where(e => e.ExpiresAt > nowUtc).ToListAsync(ct);
        var findings = new PolicyEvaluator(options.Value).Evaluate(snapshot, metrics, exceptions, now);
        var sessions = await sessionIdle.FindAsync(exceptions, now, ct);
        findings.AddRange(sessions.Findings);

        var evaluated = time.GetTimestamp();
        var (open, opened, resolved) = await ApplyFindingsAsync(findings,
            v => skipped.Contains(v.Cluster) || (usageUnavailable && UsagePolicies.Contains(v.Policy)) || (!sessions.Judged && v.Policy == PolicyKind.SessionIdle),
            nowUtc, ct);
        await db.SaveChangesAsync(ct);
        var notices = await notifier.NotifyAsync(open, ct);
        await db.SaveChangesAsync(ct);
        var steps = await enforcer.EnforceAsync(open, ct);
        await db.SaveChangesAsync(ct);
        await notifier.AnnounceStepsAsync(steps, ct);
        await sessionIdle.EnforceAsync(open, ct);
        await db.SaveChangesAsync(ct);
        var result = new ScanResult(findings.Count, opened, resolved, notices, (int)(prometheus.QueryCount - queriesBefore), open.Count,
            time.GetElapsedTime(started, listed), time.GetElapsedTime(listed, queried), time.GetElapsedTime(queried, evaluated), time.GetElapsedTime(evaluated),
            cachedClusters, listedClusters, skipped.Count, usageUnavailable);
        PolicyMetrics.Scanned(result, time.GetElapsedTime(started));
        return result;
    }

    private async Task<(List<Violation> Open, int Opened, int Resolved)> ApplyFindingsAsync(List<PolicyFinding> findings, Func<Violation, bool> unjudged,
        DateTime now, CancellationToken ct)
    {
        var existing = await db.Set<Violation>().Where(v => v.ResolvedAt == null).ToListAsync(ct);
        var byKey = existing.ToDictionary(Key);
        var seen = new HashSet<Guid>();
        var open = new List<Violation>();
        var owners = await ResolveOwnersAsync(findings, ct);
        var opened = 0;
        foreach (var f in findings)
        {
            var evidence = JsonSerializer.Serialize(f.Evidence, Json);
            var summary = f.Summary.Length > Violation.MaxSummaryLength ? f.Summary[..Violation.MaxSummaryLength] : f.Summary;
            if (byKey.TryGetValue(f.Key, out var v))
            {
                if (!seen.Add(v.Id))
                    continue;
                v.LastSeenAt = now;
                v.Evidence = evidence;
                v.Summary = summary;
                open.Add(v);
                continue;
            }
            v = new Violation
            {
                Policy = f.Policy, Cluster = f.Cluster, Namespace = f.Namespace, WorkloadKind = f.Workload.Kind, WorkloadName = f.Workload.Name,
                PodName = f.PodName, OwnerName = f.OwnerHint ?? "unknown", OwnerId = f.OwnerHint is null ? null : owners.GetValueOrDefault(f.OwnerHint.ToLowerInvariant()),
                Summary = summary, Evidence = evidence, FirstSeenAt = now, LastSeenAt = now,
            };
            db.Set<Violation>().Add(v);
            byKey[f.Key] = v;
            seen.Add(v.Id);
            open.Add(v);
            opened++;
            audit.Record(null, "violation.open", "violation", v.Id.ToString(), v.Namespace, after: new { policy = v.Policy.ToWire(), v.WorkloadKind, v.WorkloadName, v.PodName });
        }
        var resolved = 0;
        // Not seen, and this scan could judge it (its cluster was read, its data source answered): resolved.
        foreach (var v in existing.Where(v => !seen.Contains(v.Id) && !unjudged(v)))
        {
            v.ResolvedAt = now;
            resolved++;
            // A Deployment scaled to zero or a deleted workload no longer breaks the policy: the action holds.
            var reason = v.Enforcement is EnforcementState.ScaledDown or EnforcementState.Deleted ? "enforcement action holds" : "no longer seen";
            audit.Record(null, "violation.resolve", "violation", v.Id.ToString(), v.Namespace, after: new { reason });
        }
        return (open, opened, resolved);
    }

    /// <summary>
    /// Maps owner hints (lower-cased) to person ids in one query. A hint is a person id, an email, or — as the created-by
    /// webhook stamps it — the cluster's user name: its username prefix (<c>oidc:</c>) and then the email.
    /// </summary>
    private async Task<Dictionary<string, Guid>> ResolveOwnersAsync(List<PolicyFinding> findings, CancellationToken ct)
    {
        var hints = findings.Where(f => f.OwnerHint is not null)
            .Select(f => (Hint: f.OwnerHint!.ToLowerInvariant(), Key: OwnerHints.Key(f.OwnerHint!, UsernamePrefix(f.Cluster))))
            .Distinct().ToList();
        var keys = hints.Select(h => h.Key).Distinct().ToList();
        var ids = keys.Select(h => Guid.TryParse(h, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        var people = await db.People.Where(p => keys.Contains(p.NormalizedEmail) || ids.Contains(p.Id))
            .Select(p => new { p.Id, p.NormalizedEmail }).ToListAsync(ct);
        var byKey = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var p in people)
        {
            byKey[p.NormalizedEmail] = p.Id;
            byKey[p.Id.ToString()] = p.Id;
        }
        var map = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (hint, key) in hints)
        {
            if (byKey.TryGetValue(key, out var id))
                map[hint] = id;
        }
        return map;
    }

    private string UsernamePrefix(string cluster) => ClusterProjection.For(projection.Value, clusterOptions.Value, cluster).UsernamePrefix;

    private static (PolicyKind, string, string, string, string, string) Key(Violation v) =>
        (v.Policy, v.Cluster, v.Namespace, v.WorkloadKind, v.WorkloadName, v.PodName ?? "");
}
