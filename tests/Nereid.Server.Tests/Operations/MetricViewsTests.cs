using System.Diagnostics.Metrics;
using Nereid.Server.Operations;
using OpenTelemetry.Metrics;

namespace Nereid.Server.Tests.Operations;

/// <summary>Which instruments <c>/metrics</c> serves, and how.</summary>
public sealed class MetricViewsTests
{
    [Theory]
    [InlineData("aspnetcore.memory_pool.rented")]
    [InlineData("aspnetcore.memory_pool.pooled")]
    public void Select_MemoryPoolPerBlockInstrument_Dropped(string name)
    {
        using var meter = new Meter("Microsoft.AspNetCore.MemoryPool");
        Assert.Same(MetricStreamConfiguration.Drop, MetricViews.Select(meter.CreateCounter<long>(name, "By", "bytes")));
    }

    [Theory]
    [InlineData("Microsoft.AspNetCore.MemoryPool", "aspnetcore.memory_pool.allocated")]
    [InlineData("Microsoft.AspNetCore.MemoryPool", "aspnetcore.memory_pool.evicted")]
    [InlineData("Nereid.Test", "aspnetcore.memory_pool.rented")]
    public void Select_OtherInstrument_Kept(string meterName, string name)
    {
        using var meter = new Meter(meterName);
        Assert.NotSame(MetricStreamConfiguration.Drop, MetricViews.Select(meter.CreateCounter<long>(name, "By", "bytes")));
    }

    [Fact]
    public void Select_NereidDurationHistogram_GetsTheSecondsBuckets()
    {
        using var meter = new Meter("Nereid.Test");
        var config = Assert.IsType<ExplicitBucketHistogramConfiguration>(MetricViews.Select(meter.CreateHistogram<double>("nereid.test.duration", "s", "how long")));
        Assert.Equal(MetricViews.SecondsBuckets, config.Boundaries);
    }
}
