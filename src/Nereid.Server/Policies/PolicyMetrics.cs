using System.Diagnostics.Metrics;

namespace Nereid.Server.Policies;

/// <summary>
/// Instruments of the <c>Nereid.Policies</c> meter (exported on <c>/metrics</c>), so operators can alert on scans that
/// fail, skip clusters or run without Prometheus: <c>nereid_policy_scans_total{outcome}</c>,
/// <c>nereid_policy_scan_duration_seconds</c>, and gauges of the last scan on the leading replica.
/// </summary>
internal static class PolicyMetrics
{
    /// <summary>Meter name to subscribe to.</summary>
    public const string MeterName = "Nereid.Policies";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Scans = Meter.CreateCounter<long>("nereid.policy.scans", "{scan}", "Policy scans, tagged outcome (ok, failed)");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("nereid.policy.scan.duration", "s", "Duration of successful policy scans");
    private static readonly Gauge<int> SkippedClusters = Meter.CreateGauge<int>("nereid.policy.scan.skipped_clusters", "{cluster}", "Clusters the last scan could not read");
    private static readonly Gauge<int> UsageUnavailable = Meter.CreateGauge<int>("nereid.policy.scan.usage_unavailable", null, "1 when the last scan had no Prometheus data");
    private static readonly Gauge<int> OpenViolations = Meter.CreateGauge<int>("nereid.policy.violations.open", "{violation}", "Open violations after the last scan");
    private static readonly Gauge<int> Leading = Meter.CreateGauge<int>("nereid.policy.scan.leader", null, "1 while this replica holds the scan lease");

    /// <summary>Records a finished scan.</summary>
    public static void Scanned(ScanResult result, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(result);
        Scans.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
        Duration.Record(duration.TotalSeconds);
        SkippedClusters.Record(result.SkippedClusters);
        UsageUnavailable.Record(result.UsageUnavailable ? 1 : 0);
        OpenViolations.Record(result.OpenViolations);
    }

    /// <summary>Records a scan that threw.</summary>
    public static void ScanFailed() => Scans.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));

    /// <summary>Records whether this replica leads the scans.</summary>
    public static void Leader(bool leading) => Leading.Record(leading ? 1 : 0);
}
