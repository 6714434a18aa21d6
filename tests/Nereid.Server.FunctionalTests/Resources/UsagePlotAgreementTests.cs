using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nereid.Server.Resources;

namespace Nereid.Server.FunctionalTests.Resources;

/// <summary>
/// The usage page's plots and its "Requested now" table describe the same pods: after the real recorder has sampled the
/// live inventory through the current hour, each plot's newest point equals the table's number.
/// </summary>
public sealed partial class UsagePlotAgreementTests(ResourcesWorld world) : IClassFixture<ResourcesWorld>
{
    // SvgPlot's drawing area: the top margin and the plot height (260 high, 28 above, 40 below).
    private const double Top = 28, PlotHeight = 192;

    [Fact]
    public async Task UsagePage_SampledThroughCurrentHour_PlotsEndAtTheRequestedNowNumbers()
    {
        var now = await SampleThroughCurrentHourAsync();

        var html = await world.MemberClient.GetStringAsync($"/usage/{ResourcesWorld.Namespace}?days=7");

        var gpus = Cell(html, "GPUs");
        gpus.ShouldBe(2, "the running 2-GPU pod; the finished one holds nothing");
        Newest(html, "GPUs of " + ResourcesWorld.Namespace, "NVIDIA-A100-SXM4-80GB").ShouldBe(Cell(html, "NVIDIA-A100-SXM4-80GB", " class=\"sub\""));
        Newest(html, "GPUs of " + ResourcesWorld.Namespace, "NVIDIA-A100-SXM4-80GB").ShouldBe(gpus);
        Newest(html, "CPU of " + ResourcesWorld.Namespace, "CPU cores").ShouldBe(Cell(html, "CPU"));
        Newest(html, "Memory of " + ResourcesWorld.Namespace, "memory GiB").ShouldBe(Cell(html, "Memory"), "16Gi reads 16 GiB: the plot and the table use the same unit here");
    }

    /// <summary>Runs the recorder for every bucket of the last two hours up to now, as the sampler would have.</summary>
    private async Task<DateTime> SampleThroughCurrentHourAsync()
    {
        var interval = world.App.Services.GetRequiredService<IOptions<UsageOptions>>().Value.SampleInterval;
        var now = DateTime.UtcNow;
        // Too close to the turn of the hour, the page could read a new, unsampled step: start after it instead.
        var nextHour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc).AddHours(1);
        if (nextHour - now < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(nextHour - now + TimeSpan.FromSeconds(1));
            now = DateTime.UtcNow;
        }
        var hour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        var recorder = world.App.Services.GetRequiredService<UsageRecorder>();
        for (var t = hour.AddHours(-2); t <= now; t += interval)
            await recorder.SampleAsync(t, CancellationToken.None);
        return now;
    }

    /// <summary>The number in the "Requested now" row headed <paramref name="row"/> (its unit, such as "cores" or "GiB", dropped).</summary>
    private static double Cell(string html, string row, string headerClass = "")
    {
        var match = Regex.Match(html, $"<th scope=\"row\"{Regex.Escape(headerClass)}>{Regex.Escape(row)}</th><td class=\"usage-num\">([0-9,.]+)[^<]*</td>");
        match.Success.ShouldBeTrue($"row {row} in the Requested now table");
        return double.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }

    /// <summary>The newest value of one line of one plot, checked against where the line is actually drawn.</summary>
    private static double Newest(string html, string plot, string series)
    {
        var svg = Regex.Match(html, $"<svg[^>]*aria-label=\"{Regex.Escape(WebUtility.HtmlEncode(plot))}\".*?</svg>", RegexOptions.Singleline);
        svg.Success.ShouldBeTrue($"plot {plot}");
        var line = Polyline().Matches(svg.Value).SingleOrDefault(m => m.Groups["series"].Value == WebUtility.HtmlEncode(series));
        line.ShouldNotBeNull($"line {series} in plot {plot}");
        var value = double.Parse(line.Groups["values"].Value.Split(',')[^1], CultureInfo.InvariantCulture);
        var max = double.Parse(line.Groups["max"].Value, CultureInfo.InvariantCulture);
        var drawnY = double.Parse(line.Groups["points"].Value.Split(' ')[^1].Split(',')[1], CultureInfo.InvariantCulture);
        drawnY.ShouldBe(Top + PlotHeight - (value / max * PlotHeight), 0.1, $"the last point of {series} is drawn at its value");
        return value;
    }

    [GeneratedRegex("<polyline [^>]*points=\"(?<points>[^\"]*)\" data-series=\"(?<series>[^\"]*)\" data-values=\"(?<values>[^\"]*)\" data-max=\"(?<max>[^\"]*)\"")]
    private static partial Regex Polyline();
}
