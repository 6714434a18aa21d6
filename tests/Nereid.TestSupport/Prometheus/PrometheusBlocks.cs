using Nereid.TestSupport.Processes;

namespace Nereid.TestSupport.Prometheus;

/// <summary>
/// Backfills Prometheus history with <c>promtool tsdb create-blocks-from openmetrics</c>, so a test can start a
/// <see cref="PrometheusServer"/> on a TSDB that already holds, say, six hours of GPU utilisation samples.
/// </summary>
public static class PrometheusBlocks
{
    /// <summary>The promtool binary; override with <c>NEREID_PROMTOOL</c>. Default <c>/usr/bin/promtool</c>.</summary>
    public static string PromtoolPath => Environment.GetEnvironmentVariable("NEREID_PROMTOOL") ?? "/usr/bin/promtool";

    /// <summary>
    /// Writes TSDB blocks into <paramref name="tsdbDirectory"/> from OpenMetrics input: either the path of an existing
    /// file or the text itself (must end with <c># EOF</c>; see <see cref="OpenMetricsBuilder"/>). Returns the block folders created.
    /// </summary>
    /// <exception cref="InvalidOperationException">promtool rejected the input; the message carries its output.</exception>
    public static async Task<IReadOnlyList<string>> CreateFromOpenMetricsAsync(
        string openMetricsTextOrFile, string tsdbDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(openMetricsTextOrFile);
        ArgumentException.ThrowIfNullOrEmpty(tsdbDirectory);
        Directory.CreateDirectory(tsdbDirectory);
        var before = Directory.GetDirectories(tsdbDirectory).ToHashSet();

        var isFile = !openMetricsTextOrFile.Contains('\n') && File.Exists(openMetricsTextOrFile);
        var input = isFile ? openMetricsTextOrFile : Path.Combine(Path.GetTempPath(), $"nereid-openmetrics-{Guid.NewGuid():N}.txt");
        try
        {
            if (!isFile)
            {
                await File.WriteAllTextAsync(input, openMetricsTextOrFile, cancellationToken);
            }

            (await ProcessRunner.RunAsync(PromtoolPath, ["tsdb", "create-blocks-from", "openmetrics", input, tsdbDirectory],
                cancellationToken: cancellationToken)).EnsureSuccess("promtool tsdb create-blocks-from openmetrics");
        }
        finally
        {
            if (!isFile)
            {
                File.Delete(input);
            }
        }

        return [.. Directory.GetDirectories(tsdbDirectory).Where(d => !before.Contains(d)).Order(StringComparer.Ordinal)];
    }
}
