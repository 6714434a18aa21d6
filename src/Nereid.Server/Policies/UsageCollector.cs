using Microsoft.Extensions.Options;

namespace Nereid.Server.Policies;

/// <summary>Runs one aggregated PromQL query per enabled usage policy and indexes the answers by (namespace, pod).</summary>
public sealed class UsageCollector(PrometheusClient prometheus, IOptions<PolicyOptions> options)
{
    /// <summary>Usage at <paramref name="at"/>; empty when Prometheus is not configured.</summary>
    public async Task<UsageMetrics> CollectAsync(DateTimeOffset at, CancellationToken ct)
    {
        var usage = new UsageMetrics();
        if (!prometheus.IsConfigured)
            return usage;
        var o = options.Value;
        if (o.GpuIdle.Enabled)
        {
            foreach (var s in await prometheus.QueryAsync(PolicyQueries.GpuUtilization(o.UsageWindow), at, ct))
            {
                var pod = s.Label("pod");
                if (pod.Length > 0)
                    usage.GpuPercent[(s.Label("namespace"), pod)] = s.Value;
                else if ((s.Label("Hostname") is { Length: > 0 } h ? h : s.Label("hostname")) is { Length: > 0 } host)
                    usage.GpuPercentByNode[host] = s.Value;
            }
        }
        if (o.Cpu.Enabled)
            Index(await prometheus.QueryAsync(PolicyQueries.CpuCores(o.UsageWindow), at, ct), usage.CpuCores);
        if (o.Memory.Enabled)
            Index(await prometheus.QueryAsync(PolicyQueries.MemoryBytes(o.UsageWindow), at, ct), usage.MemoryBytes);
        return usage;
    }

    private static void Index(IReadOnlyList<PromSeries> series, Dictionary<(string, string), double> into)
    {
        foreach (var s in series)
        {
            if (s.Label("pod").Length > 0)
                into[(s.Label("namespace"), s.Label("pod"))] = s.Value;
        }
    }
}
