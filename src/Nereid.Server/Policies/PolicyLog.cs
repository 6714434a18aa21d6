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
}
