using Microsoft.Extensions.Logging;

namespace Nereid.Kubernetes.Client;

internal static partial class KubeClientLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Retrying {Verb} {Path} after {Reason} (attempt {Attempt}) in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string verb, string path, string reason, int attempt, double delayMs);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Credentials rejected for {Verb} {Path}; refreshing once")]
    public static partial void RefreshingCredentials(ILogger logger, string verb, string path);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "{Verb} {Path} failed after {Attempt} attempts: {Reason}")]
    public static partial void GaveUp(ILogger logger, string verb, string path, int attempt, string reason);
}
