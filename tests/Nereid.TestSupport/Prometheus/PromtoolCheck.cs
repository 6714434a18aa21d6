using Nereid.TestSupport.Processes;

namespace Nereid.TestSupport.Prometheus;

/// <summary>Lints a Prometheus text exposition with <c>promtool check metrics</c> (the binary <see cref="PrometheusBlocks.PromtoolPath"/>).</summary>
public static class PromtoolCheck
{
    /// <summary>Runs <c>promtool check metrics</c> on <paramref name="exposition"/>; exit code 0 means no problem found.</summary>
    public static Task<ProcessResult> MetricsAsync(string exposition, CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync(PrometheusBlocks.PromtoolPath, ["check", "metrics"], standardInput: exposition,
            timeout: TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
}
