using Nereid.Bench.Load;

namespace Nereid.TestSupport.Tests.Bench;

public class LatencyHistogramTests
{
    [Fact]
    public void PercentileMilliseconds_OneToThousandMs_WithinOnePercent()
    {
        var histogram = new LatencyHistogram();
        for (var ms = 1; ms <= 1000; ms++)
        {
            histogram.Record(TimeSpan.FromMilliseconds(ms));
        }

        histogram.Count.ShouldBe(1000);
        histogram.PercentileMilliseconds(50).ShouldBe(500, 5);
        histogram.PercentileMilliseconds(90).ShouldBe(900, 9);
        histogram.PercentileMilliseconds(99).ShouldBe(990, 9.9);
        histogram.PercentileMilliseconds(100).ShouldBe(1000, 10);
        histogram.MeanMilliseconds.ShouldBe(500.5, 1e-9);
    }

    [Fact]
    public void Merge_TwoHistograms_CombinesCountsAndMax()
    {
        var fast = new LatencyHistogram();
        var slow = new LatencyHistogram();
        for (var i = 0; i < 99; i++)
        {
            fast.Record(TimeSpan.FromMicroseconds(100));
        }

        slow.Record(TimeSpan.FromSeconds(2));
        fast.Merge(slow);

        fast.Count.ShouldBe(100);
        fast.PercentileMilliseconds(50).ShouldBe(0.1);
        fast.PercentileMilliseconds(99).ShouldBe(0.1);
        fast.PercentileMilliseconds(100).ShouldBe(2000, 20);
        fast.MaxMicroseconds.ShouldBe(2_000_000);
    }

    [Fact]
    public void PercentileMilliseconds_Empty_IsZero()
    {
        new LatencyHistogram().PercentileMilliseconds(99).ShouldBe(0);
    }
}
