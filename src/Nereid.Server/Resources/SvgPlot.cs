using System.Globalization;
using System.Net;
using System.Text;

namespace Nereid.Server.Resources;

/// <summary>One named line of a plot.</summary>
internal sealed record PlotSeries(string Name, IReadOnlyList<double> Values);

/// <summary>
/// Renders a small line chart as inline SVG on the server (no JavaScript library): a time axis, a zero-based value axis with four
/// gridlines, one polyline per series and a legend. Text is HTML-escaped, so names from users are safe.
/// </summary>
internal static class SvgPlot
{
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];
    private const int Width = 720, Height = 260, Left = 56, Right = 12, Top = 28, Bottom = 40;

    /// <summary>The SVG markup for <paramref name="series"/> sampled at <paramref name="times"/> (UTC).</summary>
    public static string Render(string title, string unit, IReadOnlyList<DateTime> times, IReadOnlyList<PlotSeries> series)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(series);
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        var max = NiceMax(series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{E(title)}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title><text x=\"{Left}\" y=\"16\" font-size=\"13\" font-weight=\"bold\">{E(title)} ({E(unit)})</text>");
        for (var i = 0; i <= 4; i++)
        {
            var y = Top + plotH - (plotH * i / 4.0);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left + plotW}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" font-size=\"11\" text-anchor=\"end\">{Format(max * i / 4)}</text>");
        }
        if (times.Count > 0)
        {
            foreach (var i in new[] { 0, times.Count / 2, times.Count - 1 }.Distinct())
            {
                var x = X(i, times.Count, plotW);
                // The first and last labels are anchored inside the plot so neither is clipped at the edge.
                var anchor = times.Count == 1 || i == 0 ? "start" : i == times.Count - 1 ? "end" : "middle";
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{Height - Bottom + 16}\" font-size=\"11\" text-anchor=\"{anchor}\">{times[i]:yyyy-MM-dd HH:mm} UTC</text>");
            }
        }
        for (var s = 0; s < series.Count; s++)
        {
            var color = Palette[s % Palette.Length];
            var points = string.Join(' ', series[s].Values.Select((v, i) =>
                string.Create(CultureInfo.InvariantCulture, $"{X(i, series[s].Values.Count, plotW):0.#},{Top + plotH - (max == 0 ? 0 : v / max * plotH):0.#}")));
            // The plotted numbers themselves ride along, so what the line shows can be checked against the tables beside it.
            var values = string.Join(',', series[s].Values.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture)));
            sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{points}\" data-series=\"{E(series[s].Name)}\" data-values=\"{values}\" data-max=\"{max.ToString(CultureInfo.InvariantCulture)}\"><title>{E(series[s].Name)}</title></polyline>");
            var lx = Left + (s * 170);
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{lx}\" y=\"{Height - 14}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{lx + 14}\" y=\"{Height - 5}\" font-size=\"11\">{E(series[s].Name)}</text>");
        }
        if (series.Count == 0 || series.All(s => s.Values.All(v => v == 0)))
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotW / 2)}\" y=\"{Top + (plotH / 2)}\" font-size=\"13\" text-anchor=\"middle\" fill=\"#666\">No usage recorded in this range</text>");
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static double X(int i, int count, int plotW) => Left + (count <= 1 ? 0 : plotW * i / (double)(count - 1));

    /// <summary>Rounds the axis maximum up to 1, 2 or 5 × 10ⁿ so gridline labels stay readable.</summary>
    internal static double NiceMax(double max)
    {
        if (max <= 0)
            return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var f in new[] { 1d, 2d, 5d, 10d })
        {
            if (max <= f * magnitude)
                return f * magnitude;
        }
        return 10 * magnitude;
    }

    private static string Format(double v) => v.ToString(v >= 10 || v == Math.Floor(v) ? "0" : "0.##", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
