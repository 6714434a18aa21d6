using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace Nereid.Server.Operations;

/// <summary>
/// One view over every instrument (two matching views would export an instrument twice), so <c>/metrics</c> keeps the
/// buckets it has always served and passes <c>promtool check metrics</c>.
/// </summary>
internal static class MetricViews
{
    /// <summary>Bucket bounds in seconds for Nereid's duration histograms (the bounds /metrics has always served).</summary>
    internal static readonly double[] SecondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    // promtool: a gauge must not end in _count (it reads as half of a histogram). These come from the runtime instrumentation.
    private static readonly Dictionary<string, string> GaugeRenames = new(StringComparer.Ordinal)
    {
        ["dotnet.assembly.count"] = "dotnet.assemblies.loaded",
        ["dotnet.process.cpu.count"] = "dotnet.process.cpus",
        ["dotnet.thread_pool.thread.count"] = "dotnet.thread_pool.threads",
        ["dotnet.timer.count"] = "dotnet.timers",
    };

    // Kestrel's memory pool records these on every 4 KiB block it rents and returns: about 150 measurements for one
    // 210 KiB answer, 4.5 % of the server's CPU on /api/v1/sessions/options under load (issue #12). The pool's
    // allocations and evictions, which happen only when it grows or shrinks, stay.
    private static readonly HashSet<string> PerBlockInstruments = new(StringComparer.Ordinal)
    {
        "aspnetcore.memory_pool.rented",
        "aspnetcore.memory_pool.pooled",
    };

    public static MetricStreamConfiguration? Select(Instrument instrument)
    {
        if (instrument.Meter.Name == "Microsoft.AspNetCore.MemoryPool" && PerBlockInstruments.Contains(instrument.Name))
            return MetricStreamConfiguration.Drop;
        var histogram = instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal);
        var counter = instrument.GetType().Name is var type && (type.StartsWith("Counter", StringComparison.Ordinal) || type.StartsWith("ObservableCounter", StringComparison.Ordinal));
        var buckets = histogram && instrument.Unit == "s" && instrument.Meter.Name.StartsWith("Nereid.", StringComparison.Ordinal);
        var rename = !histogram && !counter && instrument.Name.EndsWith(".count", StringComparison.Ordinal)
            ? GaugeRenames.GetValueOrDefault(instrument.Name, instrument.Name[..^".count".Length] + ".current")
            : null;
        // promtool wants help text on every family; EF Core's instruments have none.
        var help = string.IsNullOrEmpty(instrument.Description) ? instrument.Name : null;
        if (!buckets && rename is null && help is null)
            return null;
        var config = buckets ? new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets } : new MetricStreamConfiguration();
        if (rename is not null)
            config.Name = rename;
        if (help is not null)
            config.Description = help;
        return config;
    }
}
