using Microsoft.Extensions.Options;
using Nereid.Server.Policies;

namespace Nereid.Server.Storage;

/// <summary>What the kubelet reports of one volume: bytes used and, when reported, the filesystem's capacity.</summary>
internal sealed record VolumeUsage(long UsedBytes, long? CapacityBytes);

/// <summary>
/// Reads the kubelet's volume statistics of one namespace from the Prometheus the policies already use
/// (<c>Nereid:Policies:PrometheusUrl</c>): one instant query for <c>kubelet_volume_stats_used_bytes</c> and
/// <c>kubelet_volume_stats_capacity_bytes</c>, indexed by <c>persistentvolumeclaim</c>. Prometheus unset, unreachable
/// or slow gives an empty answer, never an error: the volumes are still listed, their usage "not reported".
/// </summary>
internal sealed class VolumeUsageReader(PrometheusClient prometheus, IOptions<PolicyOptions> options, TimeProvider time, ILogger<VolumeUsageReader> logger)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>The PromQL asked for <paramref name="ns"/>, its label value escaped.</summary>
    public static string Query(string ns) =>
        $"{{__name__=~\"kubelet_volume_stats_used_bytes|kubelet_volume_stats_capacity_bytes\",namespace=\"{Escape(ns)}\"}}";

    /// <summary>Usage of the volumes of <paramref name="ns"/> on <paramref name="cluster"/> by claim name; empty when not known.</summary>
    public async Task<IReadOnlyDictionary<string, VolumeUsage>> ReadAsync(string cluster, string ns, CancellationToken ct)
    {
        var empty = new Dictionary<string, VolumeUsage>(StringComparer.Ordinal);
        if (!prometheus.IsConfigured)
            return empty;
        IReadOnlyList<PromSeries> series;
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
        patience.CancelAfter(Patience);
        try
        {
            series = await prometheus.QueryAsync(Query(ns), time.GetUtcNow(), patience.Token);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException
            or KeyNotFoundException or InvalidOperationException)
        {
            logger.LogWarning("Volume usage of namespace {Namespace} could not be read from Prometheus: {Reason}", ns, e.Message);
            return empty;
        }
        var label = options.Value.ClusterLabel;
        var used = new Dictionary<string, double>(StringComparer.Ordinal);
        var capacity = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var s in series)
        {
            var claim = s.Label("persistentvolumeclaim");
            // A series naming another cluster is not about this one; one without the label matches any.
            if (claim.Length == 0 || (label.Length > 0 && s.Label(label) is { Length: > 0 } c && !string.Equals(c, cluster, StringComparison.Ordinal)))
                continue;
            var into = s.Label("__name__") == "kubelet_volume_stats_capacity_bytes" ? capacity : used;
            into[claim] = Math.Max(into.GetValueOrDefault(claim), s.Value);
        }
        foreach (var (claim, bytes) in used)
            empty[claim] = new VolumeUsage((long)bytes, capacity.TryGetValue(claim, out var cap) ? (long)cap : null);
        return empty;
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
