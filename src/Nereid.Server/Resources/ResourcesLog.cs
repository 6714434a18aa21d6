namespace Nereid.Server.Resources;

internal static partial class ResourcesLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Usage sampler idle: no cluster is connected")]
    public static partial void SamplerIdle(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Usage sampler recorded {Rows} row(s) for bucket {Bucket:o}")]
    public static partial void Sampled(ILogger logger, int rows, DateTime bucket);

    [LoggerMessage(Level = LogLevel.Information, Message = "Usage bucket {Bucket:o} of cluster {Cluster} was already recorded (another replica)")]
    public static partial void AlreadySampled(ILogger logger, DateTime bucket, string cluster);

    [LoggerMessage(Level = LogLevel.Error, Message = "Usage sampling failed; retrying next interval")]
    public static partial void SampleFailed(ILogger logger, Exception exception);
}
