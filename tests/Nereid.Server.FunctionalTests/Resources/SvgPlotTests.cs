using System.Xml.Linq;
using Nereid.Kubernetes.Inventory;
using Nereid.Server.Resources;

namespace Nereid.Server.FunctionalTests.Resources;

public sealed class SvgPlotTests
{
    private static readonly DateTime T0 = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Render_TwoSeries_WellFormedSvgWithOnePolylinePerSeries()
    {
        var svg = SvgPlot.Render("GPUs of lab", "GPUs", [T0, T0.AddHours(1), T0.AddHours(2)],
            [new PlotSeries("A100", [0, 2, 3]), new PlotSeries("L40", [1, 1, 0])]);

        var doc = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        doc.Descendants(ns + "polyline").Count().ShouldBe(2);
        doc.Descendants(ns + "polyline").First().Attribute("points")!.Value.Split(' ').Length.ShouldBe(3);
        svg.ShouldContain("2026-11-01 00:00");
    }

    [Fact]
    public void Render_NameWithMarkup_Escaped()
    {
        var svg = SvgPlot.Render("<script>x</script>", "u", [T0], [new PlotSeries("<b>&", [1])]);

        svg.ShouldNotContain("<script>");
        svg.ShouldContain("&lt;b&gt;&amp;");
        Should.NotThrow(() => XDocument.Parse(svg));
    }

    [Fact]
    public void Render_AllZero_SaysNoUsage()
    {
        SvgPlot.Render("t", "u", [T0, T0.AddHours(1)], [new PlotSeries("cpu", [0, 0])]).ShouldContain("No usage recorded");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 5)]
    [InlineData(7.5, 10)]
    [InlineData(16, 20)]
    [InlineData(101, 200)]
    public void NiceMax_Value_RoundsUpToOneTwoFive(double max, double expected)
    {
        SvgPlot.NiceMax(max).ShouldBe(expected);
    }

    [Fact]
    public void TolerationPolicy_ReservationKeyAndExtras_TolerationsPerNamespace()
    {
        var options = new ResourcesOptions
        {
            ReservationTaintKey = "nautilus.io/reservation",
            NamespaceTolerations = new() { ["lab-x"] = ["nvidia.com/gpu:NoSchedule"], ["*"] = ["gpu-only=true:NoSchedule"] },
        };

        var tolerations = TolerationPolicy.For(options, ["lab-x"]);

        var reserved = new Kubernetes.Models.Taint { Key = "nautilus.io/reservation", Value = "lab-x", Effect = "NoSchedule" };
        var otherReservation = new Kubernetes.Models.Taint { Key = "nautilus.io/reservation", Value = "lab-y", Effect = "NoSchedule" };
        tolerations.Any(t => TaintMatching.Tolerates(t, reserved)).ShouldBeTrue();
        tolerations.Any(t => TaintMatching.Tolerates(t, otherReservation)).ShouldBeFalse();
        tolerations.Count.ShouldBe(3);
        TolerationPolicy.For(new ResourcesOptions(), ["lab-x"]).ShouldBeEmpty();
    }
}
