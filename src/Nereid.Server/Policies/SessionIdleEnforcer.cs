using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Policies;
using Nereid.Server.Audit;
using Nereid.Server.Clusters;
using Nereid.Server.Sessions;

namespace Nereid.Server.Policies;

/// <summary>What the session-idle policy saw in one scan; <see cref="Judged"/> is false when the hub or Prometheus did not answer.</summary>
internal sealed record SessionIdleScan(IReadOnlyList<PolicyFinding> Findings, bool Judged);

/// <summary>
/// The <see cref="PolicyKind.SessionIdle"/> policy inside the scan: reads the servers from JupyterHub's REST API and, only
/// when some have been inactive long enough, one PromQL query of GPU utilisation over the policy's window; then
/// (<see cref="EnforceAsync"/>) stops the noticed servers through JupyterHub's API, or in dry run records that it would.
/// Every stop is audited and announced to the owner and the namespace's admins by a further notice.
/// </summary>
internal sealed class SessionIdleEnforcer(NereidDbContext db, JupyterHubClient hub, PrometheusClient prometheus, IClusterConnections clusters,
    ViolationNotifier notifier, AuditLog audit, IOptions<PolicyOptions> options, IOptions<SessionsOptions> sessions, TimeProvider time,
    ILogger<SessionIdleEnforcer> logger)
{
    /// <summary>Findings at <paramref name="now"/>. With the policy off or no hub configured, judged with nothing found (open ones resolve).</summary>
    public async Task<SessionIdleScan> FindAsync(IReadOnlyList<PolicyException> exceptions, DateTimeOffset now, CancellationToken ct)
    {
        var policy = options.Value.SessionIdle;
        if (!policy.Enabled || !hub.Configured)
            return new SessionIdleScan([], true);
        try
        {
            var servers = (await hub.ListServersAsync(ct))
                .Where(s => s.Ready && s.Gpus > 0 && (s.LastActivity ?? s.Started) is { } a && now - a >= policy.IdleAfter).ToList();
            if (servers.Count == 0)
                return new SessionIdleScan([], true);
            var gpu = await GpuPercentAsync(now, ct);
            var owners = await OwnersAsync(servers.Select(s => s.User).Distinct(StringComparer.Ordinal).ToList(), ct);
            var cluster = sessions.Value.Cluster ?? clusters.Clusters.FirstOrDefault()?.Name ?? "";
            return new SessionIdleScan(SessionIdleRule.Evaluate(servers, gpu, cluster, exceptions, owners, policy, now), true);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is HttpRequestException or JsonException or InvalidOperationException or TaskCanceledException)
        {
            SessionIdleLog.Unjudged(logger, ex);
            return new SessionIdleScan([], false);
        }
    }

    /// <summary>Stops (or, in dry run, records) the open session violations that are due; announces each stop.</summary>
    public async Task EnforceAsync(IReadOnlyList<Violation> open, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(open);
        var o = options.Value;
        var policy = o.SessionIdle;
        var now = time.GetUtcNow().UtcDateTime;
        var due = open.Where(v => v.Policy == PolicyKind.SessionIdle && policy.Enforcement == EnforcementLevel.Act
            && v.Enforcement is not (EnforcementState.Deleted or EnforcementState.WouldDelete)
            && v.NoticesSent >= policy.StopAfterNotices && now - v.FirstSeenAt >= policy.GracePeriod).ToList();
        var stopped = new List<Violation>();
        foreach (var v in due)
        {
            if (!hub.Configured || HubServerOf(v) is not var (user, server))
                continue;
            var dryRun = o.Enforcement.DryRun;
            if (!dryRun)
            {
                try
                {
                    await hub.StopAsync(user, server, ct);
                }
                catch (HttpRequestException ex)
                {
                    SessionIdleLog.StopFailed(logger, user, server, ex);
                    continue;
                }
                stopped.Add(v);
            }
            SessionIdleLog.Stopped(logger, user, server, v.Namespace, dryRun);
            var before = v.Enforcement;
            v.Enforcement = dryRun ? EnforcementState.WouldDelete : EnforcementState.Deleted;
            v.EnforcedAt = now;
            audit.Record(null, dryRun ? "session.idle-stop.dry-run" : "session.idle-stop", "session", $"{user}/{server}", v.Namespace,
                before: new { enforcement = before.ToString() }, after: new { enforcement = v.Enforcement.ToString(), violation = v.Id });
        }
        if (stopped.Count == 0)
            return;
        // The stop is news to the owner even inside the notice interval: tell them once more, saying what happened.
        foreach (var v in stopped)
        {
            var text = $"Stopped through JupyterHub. {v.Summary}";
            v.Summary = text.Length > Violation.MaxSummaryLength ? text[..Violation.MaxSummaryLength] : text;
            v.LastNoticeAt = null;
        }
        await notifier.NotifyAsync(stopped, ct);
    }

    private static (string User, string Server)? HubServerOf(Violation v)
    {
        try
        {
            using var doc = JsonDocument.Parse(v.Evidence);
            return doc.RootElement.TryGetProperty("hubUser", out var u) && u.GetString() is { Length: > 0 } user
                && doc.RootElement.TryGetProperty("hubServer", out var s) && s.GetString() is { } server ? (user, server) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<Dictionary<(string, string, string), double>> GpuPercentAsync(DateTimeOffset now, CancellationToken ct)
    {
        var result = new Dictionary<(string, string, string), double>();
        if (!prometheus.IsConfigured)
            throw new InvalidOperationException("Nereid:Policies:PrometheusUrl is not set; GPU use of sessions cannot be judged.");
        var label = options.Value.ClusterLabel;
        foreach (var s in await prometheus.QueryAsync(PolicyQueries.GpuUtilization(options.Value.SessionIdle.Window, label), now, ct))
        {
            if (s.Label("pod") is { Length: > 0 } pod)
                result[(label.Length == 0 ? "" : s.Label(label), s.Label("namespace"), pod)] = s.Value;
        }
        return result;
    }

    /// <summary>Owner email by hub user name (the local part of the email), only where exactly one person matches.</summary>
    private async Task<Dictionary<string, string>> OwnersAsync(List<string> users, CancellationToken ct)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            var prefix = user.ToLowerInvariant() + "@";
            var emails = await db.People.AsNoTracking().Where(p => p.NormalizedEmail.StartsWith(prefix)).Select(p => p.NormalizedEmail).Take(2).ToListAsync(ct);
            if (emails.Count == 1)
                owners[user] = emails[0];
        }
        return owners;
    }
}

/// <summary>Source-generated log messages of the session-idle policy.</summary>
internal static partial class SessionIdleLog
{
    [LoggerMessage(101, LogLevel.Warning, "Session-idle policy not judged this scan: JupyterHub or Prometheus did not answer; its open violations are kept as they were")]
    public static partial void Unjudged(ILogger logger, Exception exception);

    [LoggerMessage(102, LogLevel.Information, "Idle session {User}/{Server} in {Namespace} stopped through JupyterHub (dry run: {DryRun})")]
    public static partial void Stopped(ILogger logger, string user, string server, string @namespace, bool dryRun);

    [LoggerMessage(103, LogLevel.Warning, "Stopping idle session {User}/{Server} through JupyterHub failed")]
    public static partial void StopFailed(ILogger logger, string user, string server, Exception exception);
}
