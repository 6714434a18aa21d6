using Microsoft.Extensions.Logging;

namespace Nereid.Kubernetes.Informers;

internal static partial class InformerLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Informer for {Kind} listed {Count} objects at version {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string kind, int count, string? resourceVersion);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Watch of {Kind} expired at version {ResourceVersion}; relisting")]
    public static partial void Expired(ILogger logger, string kind, string? resourceVersion);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Informer for {Kind} failed; reconnecting in {DelayMs} ms")]
    public static partial void Failed(ILogger logger, Exception exception, string kind, double delayMs);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Informer handler for {Kind} threw on {Key}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string kind, string key);
}
