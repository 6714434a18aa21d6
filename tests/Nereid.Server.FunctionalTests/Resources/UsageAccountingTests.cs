using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nereid.Data;
using Nereid.Domain.Usage;
using Nereid.Server.Resources;

namespace Nereid.Server.FunctionalTests.Resources;

/// <summary>The usage sampler on a fake clock against the seeded cluster, and the series API over what it wrote.</summary>
public sealed class UsageAccountingTests(ResourcesWorld world) : IClassFixture<ResourcesWorld>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 2, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sampler_FakeClockAdvancesOneInterval_WritesOneBucketPerInterval()
    {
        var clock = new FakeTimeProvider(Start);
        var recorder = world.App.Services.GetRequiredService<UsageRecorder>();
        using var sampler = new UsageSampler(recorder, world.Inventory, Options.Create(new UsageOptions()), clock, NullLogger<UsageSampler>.Instance);

        await sampler.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => HasBucketAsync(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc)), "first bucket written");
        clock.Advance(TimeSpan.FromMinutes(5));
        await Eventually.TrueAsync(() => HasBucketAsync(new DateTime(2026, 11, 1, 0, 5, 0, DateTimeKind.Utc)), "second bucket written");
        await sampler.StopAsync(CancellationToken.None);

        var rows = await RowsAsync();
        rows.Count(r => r.GpuType == "").ShouldBe(2);
        var gpuRow = rows.First(r => r.GpuType == "NVIDIA-A100-SXM4-80GB");
        (gpuRow.Gpus, gpuRow.GpuHours, gpuRow.Institution).ShouldBe((2d, 2 * 5 / 60d, "UC San Diego"));
        rows.Single(r => r.GpuType == "" && r.BucketStart.Minute == 0).CpuCoreHours.ShouldBe(4 * 5 / 60d, 1e-9);
        rows.ShouldAllBe(r => r.Namespace == ResourcesWorld.Namespace);

        // Same bucket again (a restart, or a second replica): nothing more is written.
        (await recorder.SampleAsync(Start.AddMinutes(6), CancellationToken.None)).ShouldBe(0);
        (await RowsAsync()).Count.ShouldBe(rows.Count);

        var series = await ResourcesWorld.GetJsonAsync(world.MemberClient,
            $"/api/v1/usage/namespaces/{ResourcesWorld.Namespace}?from=2026-11-01T00:00:00Z&to=2026-11-01T00:15:00Z&step=5m");
        var points = series.GetProperty("points").EnumerateArray().ToList();
        points.Select(p => p.GetProperty("gpus").GetDouble()).ShouldBe([2d, 2d, 0d]);
        points[0].GetProperty("cpuCores").GetDouble().ShouldBe(4d, 1e-9);
        series.GetProperty("totals").GetProperty("gpuHours").GetDouble().ShouldBe(4 * 5 / 60d, 1e-9);
        series.GetProperty("totals").GetProperty("gpuHoursByType").GetProperty("NVIDIA-A100-SXM4-80GB").GetDouble().ShouldBe(4 * 5 / 60d, 1e-9);
    }

    [Theory]
    [InlineData("step=10s")]
    [InlineData("step=abc")]
    [InlineData("from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z")]
    [InlineData("from=yesterday")]
    [InlineData("from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&step=1d")]
    public async Task Series_BadQuery_Returns400(string query)
    {
        using var response = await world.MemberClient.GetAsync($"/api/v1/usage/namespaces/{ResourcesWorld.Namespace}?{query}");

        ((int)response.StatusCode).ShouldBe(400, await response.Content.ReadAsStringAsync());
    }

    private async Task<bool> HasBucketAsync(DateTime bucket) => (await RowsAsync()).Any(r => r.BucketStart == bucket);

    private async Task<List<UsageSample>> RowsAsync()
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        return await db.Set<UsageSample>().AsNoTracking().OrderBy(r => r.BucketStart).ThenBy(r => r.GpuType).ToListAsync();
    }
}
