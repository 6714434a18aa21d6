using System.Globalization;

namespace Nereid.Server.Policies;

/// <summary>
/// The PromQL the engine runs: one query per usage policy per scan, aggregated in Prometheus by (cluster, namespace, pod),
/// never one query per pod. The cluster label (<see cref="PolicyOptions.ClusterLabel"/>) is kept when series carry it, so
/// equal namespace/pod names in two clusters stay apart; an empty label name leaves it out.
/// </summary>
internal static class PolicyQueries
{
    /// <summary>
    /// Average GPU utilisation per pod over the window. dcgm-exporter labels pods <c>namespace</c>/<c>pod</c>, or
    /// <c>pod_namespace</c>/<c>pod_name</c> with <c>--use-old-namespace</c>; both are folded into one query. Series without
    /// pod labels keep their node (<c>Hostname</c>, or <c>hostname</c> on newer exporters) so they can be attributed by node.
    /// </summary>
    public static string GpuUtilization(TimeSpan window, string clusterLabel = "")
    {
        var w = Range(window);
        var c = By(clusterLabel);
        return $"avg by ({c}namespace, pod) (avg_over_time(DCGM_FI_DEV_GPU_UTIL{{pod!=\"\"}}[{w}]))"
            + $" or avg by ({c}namespace, pod) (label_replace(label_replace(avg_over_time(DCGM_FI_DEV_GPU_UTIL{{pod=\"\",pod_name!=\"\"}}[{w}]),"
            + " \"namespace\", \"$1\", \"pod_namespace\", \"(.*)\"), \"pod\", \"$1\", \"pod_name\", \"(.*)\"))"
            + $" or avg by ({c}Hostname, hostname) (avg_over_time(DCGM_FI_DEV_GPU_UTIL{{pod=\"\",pod_name=\"\"}}[{w}]))";
    }

    /// <summary>Average CPU cores used per pod over the window (cAdvisor).</summary>
    public static string CpuCores(TimeSpan window, string clusterLabel = "") =>
        $"sum by ({By(clusterLabel)}namespace, pod) (rate(container_cpu_usage_seconds_total{{container!=\"\",container!=\"POD\"}}[{Range(window)}]))";

    /// <summary>Average working-set bytes per pod over the window (cAdvisor).</summary>
    public static string MemoryBytes(TimeSpan window, string clusterLabel = "") =>
        $"sum by ({By(clusterLabel)}namespace, pod) (avg_over_time(container_memory_working_set_bytes{{container!=\"\",container!=\"POD\"}}[{Range(window)}]))";

    /// <summary>A PromQL duration in whole seconds.</summary>
    public static string Range(TimeSpan window) =>
        ((long)Math.Max(1, window.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";

    private static string By(string clusterLabel) => string.IsNullOrEmpty(clusterLabel) ? "" : clusterLabel + ", ";
}
