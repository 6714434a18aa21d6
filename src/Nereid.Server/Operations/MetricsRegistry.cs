using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Nereid.Server.Operations;

/// <summary>
/// Collects measurements from the process's System.Diagnostics.Metrics instruments (ASP.NET Core's request duration,
/// Nereid's own meters) and keeps Prometheus-style aggregates. prometheus-net is not available here, so this is the
/// smallest exporter that serves counters, gauges and histograms in the text format.
/// </summary>
public sealed class MetricsRegistry : IDisposable
{
    /// <summary>Meters whose instruments are exported.</summary>
    public static readonly string[] Meters = ["Microsoft.AspNetCore.Hosting", "Nereid.Server", "Nereid.Data", "Nereid.Kubernetes", "Nereid.Policies", "Nereid.Controllers"];

    /// <summary>Bucket bounds in seconds for duration histograms.</summary>
    internal static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    internal readonly ConcurrentDictionary<Instrument, InstrumentState> States = new();

    public MetricsRegistry()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Array.IndexOf(Meters, instrument.Meter.Name) < 0)
                return;
            States[instrument] = new InstrumentState(instrument);
            listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (States.TryGetValue(instrument, out var state))
            state.Record(value, tags);
    }

    /// <summary>Asks observable instruments for their current values, then renders everything.</summary>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        return PrometheusText.Render(States.Values);
    }

    public void Dispose() => _listener.Dispose();
}

/// <summary>Aggregates of one instrument, per distinct tag set.</summary>
internal sealed class InstrumentState(Instrument instrument)
{
    public Instrument Instrument { get; } = instrument;
    public bool IsHistogram { get; } = instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal);
    public bool IsGauge { get; } = instrument.GetType().Name.StartsWith("ObservableGauge", StringComparison.Ordinal)
        || instrument.GetType().Name.StartsWith("Gauge", StringComparison.Ordinal);
    public bool IsObservable { get; } = instrument.IsObservable;
    public ConcurrentDictionary<string, Series> Series { get; } = new(StringComparer.Ordinal);

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = PrometheusText.Labels(tags);
        var series = Series.GetOrAdd(key, _ => new Series(IsHistogram ? MetricsRegistry.Buckets.Length : 0));
        lock (series)
        {
            if (IsHistogram)
            {
                series.Count++;
                series.Sum += value;
                for (var b = 0; b < MetricsRegistry.Buckets.Length; b++)
                {
                    if (value <= MetricsRegistry.Buckets[b])
                        series.BucketCounts[b]++;
                }
            }
            else if (IsGauge || IsObservable)
            {
                series.Sum = value; // observable counters report totals; gauges report current values
            }
            else
            {
                series.Sum += value;
            }
        }
    }
}

internal sealed class Series(int buckets)
{
    public long Count;
    public double Sum;
    public readonly long[] BucketCounts = new long[buckets];
}
