namespace Nereid.Server.Policies;

/// <summary>Source-generated log messages of the violations engine.</summary>
internal static partial class PolicyLog
{
    [LoggerMessage(1, LogLevel.Information, "Policy scan idle: {Reason}")]
    public static partial void Idle(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Information, "Policy scan done: {Findings} findings, {Opened} opened, {Resolved} resolved, {Notices} notices, {Queries} PromQL queries")]
    public static partial void ScanDone(ILogger logger, int findings, int opened, int resolved, int notices, int queries);

    [LoggerMessage(3, LogLevel.Error, "Policy scan failed")]
    public static partial void ScanFailed(ILogger logger, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "Notice for violation {ViolationId} over {Channel} failed")]
    public static partial void NoticeFailed(ILogger logger, Guid violationId, string channel, Exception exception);

    [LoggerMessage(5, LogLevel.Information, "Enforcement {Action} on {Kind} {Namespace}/{Name} (dry run: {DryRun})")]
    public static partial void Enforced(ILogger logger, string action, string kind, string @namespace, string name, bool dryRun);

    [LoggerMessage(6, LogLevel.Warning, "Enforcement {Action} on {Kind} {Namespace}/{Name} failed")]
    public static partial void EnforceFailed(ILogger logger, string action, string kind, string @namespace, string name, Exception exception);

    [LoggerMessage(7, LogLevel.Information, "Policy scans: {Identity} campaigns for lease {Lease}; only its holder scans")]
    public static partial void Campaigning(ILogger logger, string identity, string lease);

    [LoggerMessage(8, LogLevel.Information, "Policy scans: {Identity} leads and scans")]
    public static partial void Leading(ILogger logger, string identity);

    [LoggerMessage(12, LogLevel.Warning, "Policy scan skipped cluster {Cluster}: its workloads could not be read; its open violations are kept as they were")]
    public static partial void ClusterSkipped(ILogger logger, Exception exception, string cluster);

    [LoggerMessage(13, LogLevel.Warning, "Policy scan without usage data: Prometheus failed; usage policies were not judged and their open violations are kept as they were")]
    public static partial void UsageUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(14, LogLevel.Warning, "Notice for violation {ViolationId} not sent to {Recipient}: {Reason}")]
    public static partial void NoticeRecipientFailed(ILogger logger, Guid violationId, string recipient, string reason);
}
