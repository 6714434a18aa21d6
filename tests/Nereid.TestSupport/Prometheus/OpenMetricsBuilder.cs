using System.Globalization;
using System.Text;

namespace Nereid.TestSupport.Prometheus;

/// <summary>
/// Builds OpenMetrics text with timestamped samples for <see cref="PrometheusBlocks"/>. Samples of one metric are
/// kept together under a single <c># TYPE</c> line, as the format requires, and the text ends with <c># EOF</c>.
/// </summary>
public sealed class OpenMetricsBuilder
{
    private readonly Dictionary<string, (string Type, StringBuilder Lines)> _families = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>
    /// Adds gauge samples for one series from <paramref name="start"/> up to and including <paramref name="end"/>
    /// every <paramref name="step"/>, with values from <paramref name="value"/>.
    /// </summary>
    public OpenMetricsBuilder Gauge(
        string name, IReadOnlyDictionary<string, string> labels, DateTimeOffset start, DateTimeOffset end, TimeSpan step, Func<DateTimeOffset, double> value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        var lines = Family(name, "gauge");
        var labelText = labels.Count == 0
            ? ""
            : "{" + string.Join(",", labels.Select(l => $"{l.Key}=\"{Escape(l.Value)}\"")) + "}";
        for (var at = start; at <= end; at += step)
        {
            lines.Append(name).Append(labelText).Append(' ')
                .Append(value(at).ToString("R", CultureInfo.InvariantCulture)).Append(' ')
                .Append((at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture)).Append('\n');
        }

        return this;
    }

    /// <summary>The OpenMetrics document, terminated by <c># EOF</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var name in _order)
        {
            var (type, lines) = _families[name];
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n').Append(lines);
        }

        return text.Append("# EOF\n").ToString();
    }

    private StringBuilder Family(string name, string type)
    {
        if (!_families.TryGetValue(name, out var family))
        {
            family = (type, new StringBuilder());
            _families[name] = family;
            _order.Add(name);
        }

        return family.Lines;
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
