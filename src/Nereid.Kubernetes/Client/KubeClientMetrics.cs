using System.Diagnostics.Metrics;

namespace Nereid.Kubernetes.Client;

/// <summary>Counters of the "Nereid.Kubernetes" meter, exported by the server's metrics pipeline.</summary>
internal static class KubeClientMetrics
{
    /// <summary>Meter name to subscribe to.</summary>
    public const string MeterName = "Nereid.Kubernetes";

    private static readonly Meter Meter = new(MeterName);

    /// <summary><c>nereid.kubernetes.requests</c>: completed attempts, tagged verb and code (0 = no response).</summary>
    internal static readonly Counter<long> Requests = Meter.CreateCounter<long>("nereid.kubernetes.requests", "{request}", "Kubernetes API request attempts");

    /// <summary><c>nereid.kubernetes.retries</c>: retries, tagged verb and reason.</summary>
    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>("nereid.kubernetes.retries", "{retry}", "Kubernetes API request retries");

    /// <summary><c>nereid.kubernetes.request.duration</c>: seconds per attempt, tagged verb.</summary>
    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("nereid.kubernetes.request.duration", "s", "Kubernetes API attempt duration");

    internal static void Record(string verb, int code, double seconds)
    {
        Requests.Add(1, new("verb", verb), new("code", code));
        Duration.Record(seconds, new KeyValuePair<string, object?>("verb", verb));
    }
}
