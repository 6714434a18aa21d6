using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nereid.TestSupport.Prometheus;
using Nereid.TestSupport.Loopback;

namespace Nereid.TestSupport.Tests.Prometheus;

public class PrometheusServerTests
{
    [Fact]
    public async Task WaitForSeriesAsync_ScrapesTestServedMetricsPath_ReturnsSeries()
    {
        var scrapes = 0;
        await using var web = await LoopbackServer.StartAsync(app => app.MapGet("/custom/metrics", () =>
        {
            Interlocked.Increment(ref scrapes);
            return Results.Text("# TYPE nereid_harness_gauge gauge\nnereid_harness_gauge{kind=\"demo\"} 42\n", "text/plain; version=0.0.4");
        }), cancellationToken: TestTimeout.Token);
        await using var prometheus = await PrometheusServer.StartAsync([new Uri(web.BaseAddress, "custom/metrics")], TimeSpan.FromMilliseconds(200), cancellationToken: TestTimeout.Token);

        var series = await prometheus.WaitForSeriesAsync("nereid_harness_gauge", TimeSpan.FromSeconds(60), TestTimeout.Token);

        var sample = series.ShouldHaveSingleItem();
        sample.Value.ShouldBe(42);
        sample.Labels["kind"].ShouldBe("demo");
        sample.Labels["job"].ShouldBe("target0");
        sample.Labels["instance"].ShouldBe(web.BaseAddress.Authority);
        scrapes.ShouldBeGreaterThan(0);
        prometheus.BaseAddress.Host.ShouldBe("127.0.0.1");
    }

    [Fact]
    public async Task QueryAsync_InvalidPromQl_ThrowsWithPrometheusError()
    {
        await using var prometheus = await PrometheusServer.StartAsync([], TimeSpan.FromSeconds(1), cancellationToken: TestTimeout.Token);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => prometheus.QueryAsync("sum(", cancellationToken: TestTimeout.Token));

        error.Message.ShouldContain("bad_data");
        (await prometheus.QueryAsync("1 + 2", cancellationToken: TestTimeout.Token)).ShouldHaveSingleItem().Value.ShouldBe(3);
    }

    [Fact]
    public async Task StartAsync_OnBlocksPreloadedWithPromtool_AnswersSixHourAverage()
    {
        var tsdb = Path.Combine(Path.GetTempPath(), "nereid-prom-blocks-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Six hours of per-minute GPU utilisation ending one minute ago; all samples fall inside [end-6h, end].
            var end = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / 60 * 60 - 60);
            var start = end - TimeSpan.FromHours(6) + TimeSpan.FromMinutes(1);
            static double Busy(DateTimeOffset t) => t.Minute % 4 * 10;
            static double Idle(DateTimeOffset t) => 0.5;
            var text = new OpenMetricsBuilder()
                .Gauge("gpu_utilization", new Dictionary<string, string> { ["gpu"] = "0" }, start, end, TimeSpan.FromMinutes(1), Busy)
                .Gauge("gpu_utilization", new Dictionary<string, string> { ["gpu"] = "1" }, start, end, TimeSpan.FromMinutes(1), Idle)
                .ToString();
            var expectedBusy = Enumerable.Range(0, 360).Select(i => Busy(start.AddMinutes(i))).Average();

            var blocks = await PrometheusBlocks.CreateFromOpenMetricsAsync(text, tsdb, TestTimeout.Token);
            await using var prometheus = await PrometheusServer.StartAsync([], TimeSpan.FromSeconds(1), tsdb, TestTimeout.Token);
            var averages = await prometheus.QueryAsync("avg_over_time(gpu_utilization[6h])", end, TestTimeout.Token);
            var counts = await prometheus.QueryAsync("count_over_time(gpu_utilization[6h])", end, TestTimeout.Token);

            blocks.Count.ShouldBeGreaterThanOrEqualTo(3);
            averages.Single(s => s.Labels["gpu"] == "0").Value.ShouldBe(expectedBusy, 1e-9);
            averages.Single(s => s.Labels["gpu"] == "1").Value.ShouldBe(0.5, 1e-9);
            counts.ShouldAllBe(s => s.Value == 360);
        }
        finally
        {
            Directory.Delete(tsdb, recursive: true);
        }
    }

    [Fact]
    public void Render_TargetWithPath_WritesMetricsPathAndAuthority()
    {
        var yaml = PrometheusConfig.Render([new Uri("http://127.0.0.1:9999/api/metrics")], TimeSpan.FromSeconds(2));

        yaml.ShouldContain("scrape_interval: 2000ms");
        yaml.ShouldContain("metrics_path: '/api/metrics'");
        yaml.ShouldContain("targets: ['127.0.0.1:9999']");
    }
}
