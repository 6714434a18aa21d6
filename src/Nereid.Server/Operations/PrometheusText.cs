using System.Globalization;
using System.Text;

namespace Nereid.Server.Operations;

/// <summary>Renders aggregates in the Prometheus text exposition format (version 0.0.4).</summary>
internal static class PrometheusText
{
    public static string Render(IEnumerable<InstrumentState> states)
    {
        var sb = new StringBuilder();
        foreach (var state in states.OrderBy(s => s.Instrument.Name, StringComparer.Ordinal))
        {
            if (state.Series.IsEmpty)
                continue;
            var name = MetricName(state);
            var type = state.IsHistogram ? "histogram" : state.IsGauge || state.Instrument.GetType().Name.Contains("UpDown", StringComparison.Ordinal) ? "gauge" : "counter";
            sb.Append("# HELP ").Append(name).Append(' ').Append((state.Instrument.Description ?? state.Instrument.Name).Replace('\n', ' ')).Append('\n');
            sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var (labels, series) in state.Series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                lock (series)
                {
                    if (state.IsHistogram)
                    {
                        for (var b = 0; b < MetricsRegistry.Buckets.Length; b++)
                            Line(sb, name + "_bucket", Join(labels, $"le=\"{Num(MetricsRegistry.Buckets[b])}\""), series.BucketCounts[b]);
                        Line(sb, name + "_bucket", Join(labels, "le=\"+Inf\""), series.Count);
                        Line(sb, name + "_sum", labels, series.Sum);
                        Line(sb, name + "_count", labels, series.Count);
                    }
                    else
                    {
                        Line(sb, name, labels, series.Sum);
                    }
                }
            }
        }
        return sb.ToString();
    }

    /// <summary>OpenTelemetry-style name to Prometheus name: dots to underscores, unit suffix, <c>_total</c> for counters.</summary>
    private static string MetricName(InstrumentState state)
    {
        var name = Sanitize(state.Instrument.Name);
        var unit = state.Instrument.Unit switch { "s" => "_seconds", "By" => "_bytes", _ => "" };
        if (unit.Length > 0 && !name.EndsWith(unit, StringComparison.Ordinal))
            name += unit;
        var isCounter = !state.IsHistogram && !state.IsGauge && !state.Instrument.GetType().Name.Contains("UpDown", StringComparison.Ordinal);
        if (isCounter && !name.EndsWith("_total", StringComparison.Ordinal))
            name += "_total";
        return name;
    }

    public static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
            return "";
        var parts = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            parts.Add($"{Sanitize(key)}=\"{text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n")}\"");
        }
        parts.Sort(StringComparer.Ordinal);
        return string.Join(',', parts);
    }

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] != '_')
                chars[i] = '_';
        }
        return new string(chars);
    }

    private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

    private static void Line(StringBuilder sb, string name, string labels, double value)
    {
        sb.Append(name);
        if (labels.Length > 0)
            sb.Append('{').Append(labels).Append('}');
        sb.Append(' ').Append(Num(value)).Append('\n');
    }

    private static string Num(double v) => double.IsPositiveInfinity(v) ? "+Inf" : v.ToString("R", CultureInfo.InvariantCulture);
}
