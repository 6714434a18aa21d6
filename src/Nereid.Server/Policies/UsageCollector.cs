using Microsoft.Extensions.Options;

namespace Nereid.Server.Policies;

/// <summary>Runs one aggregated PromQL query per enabled usage policy and indexes the answers by (cluster, namespace, pod).</summary>
internal sealed class UsageCollector(PrometheusClient prometheus, IOptions<PolicyOptions> options)
{
    /// <summary>Usage at <paramref name="at"/>; empty when Prometheus is not configured.</summary>
    public async Task<UsageMetrics> CollectAsync(DateTimeOffset at, CancellationToken ct)
    {
        var usage = new UsageMetrics();
        if (!prometheus.IsConfigured)
            return usage;
        var o = options.Value;
        var label = o.ClusterLabel;
        if (o.GpuIdle.Enabled)
        {
            foreach (var s in await prometheus.QueryAsync(PolicyQueries.GpuUtilization(o.UsageWindow, label), at, ct))
            {
                var cluster = ClusterOf(s, label);
                var pod = s.Label("pod");
                if (pod.Length > 0)
                    usage.GpuPercent[(cluster, s.Label("namespace"), pod)] = s.Value;
                else if ((s.Label("Hostname") is { Length: > 0 } h ? h : s.Label("hostname")) is { Length: > 0 } host)
                    usage.GpuPercentByNode[(cluster, host)] = s.Value;
            }
        }
        if (o.Cpu.Enabled)
            Index(await prometheus.QueryAsync(PolicyQueries.CpuCores(o.UsageWindow, label), at, ct), label, usage.CpuCores);
        if (o.Memory.Enabled)
            Index(await prometheus.QueryAsync(PolicyQueries.MemoryBytes(o.UsageWindow, label), at, ct), label, usage.MemoryBytes);
        return usage;
    }

    private static string ClusterOf(PromSeries s, string label) => label.Length == 0 ? "" : s.Label(label);

    private static void Index(IReadOnlyList<PromSeries> series, string label, Dictionary<(string, string, string), double> into)
    {
        foreach (var s in series)
        {
            if (s.Label("pod").Length > 0)
                into[(ClusterOf(s, label), s.Label("namespace"), s.Label("pod"))] = s.Value;
        }
    }
}
