using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.Usage;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.Ledger;

namespace Nereid.Server.FunctionalTests.Ledger;

/// <summary>The Kubernetes usage sampler's rows copied into the ledger, and shown beside Slurm's on the /usage report.</summary>
public sealed class KubernetesLedgerImportTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private static readonly TimeSpan Overlap = TimeSpan.FromHours(1);
    private static readonly DateTime FirstDay = new(2026, 11, 2, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task ImportAsync_Samples_EachCopiedExactlyOnceAcrossRepeatsAndRestartsAndLateBucketsCounted()
    {
        var ns = (await world.SceneAsync()).Namespace;
        var day1 = await FreshDayAsync();
        await AddAsync(Sample(ns, day1, "", cpuHours: 2, memoryGibHours: 4), Sample(ns, day1, "NVIDIA-A100-SXM4-40GB", gpuHours: 1),
            Sample(ns, day1.AddDays(1), "", cpuHours: 0.5, memoryGibHours: 1));

        var first = await ImportAsync();
        var second = await ImportAsync();
        await AddAsync(Sample(ns, await CursorAsync() - TimeSpan.FromMinutes(30), "", cpuHours: 0.25, memoryGibHours: 0.5));
        var late = await ImportAsync();
        var afterLate = await ImportAsync();

        first.ShouldBe(3);
        second.ShouldBe(0);
        late.ShouldBe(1);
        afterLate.ShouldBe(0);
        var (samples, records) = await ReadAsync(ns);
        records.Count.ShouldBe(samples.Count);
        records.ShouldAllBe(r => r.Engine == LedgerEngine.Kubernetes && r.Person == "" && r.Institution == "UC San Diego");
        records.Sum(r => r.CpuHours).ShouldBe(samples.Sum(s => s.CpuCoreHours), 1e-9);
        records.Sum(r => r.MemoryGibHours).ShouldBe(samples.Sum(s => s.MemoryGiBHours), 1e-9);
        records.Single(r => r.GpuHours > 0).GpuType.ShouldBe("NVIDIA-A100-SXM4-40GB");
        records.Select(r => r.Day).Distinct().Order().ShouldBe([day1.Date, day1.Date.AddDays(1)]);
    }

    [Fact]
    public async Task UsagePage_BothEngines_ShownSideBySidePerNamespaceAndDayAndCsvRoundTrips()
    {
        var ns = (await world.SceneAsync()).Namespace;
        var day1 = await FreshDayAsync();
        await AddAsync(Sample(ns, day1, "", cpuHours: 3, memoryGibHours: 6), Sample(ns, day1, "a100", gpuHours: 2));
        await ImportAsync();
        await using (var scope = world.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
            db.Add(LedgerRecord.Create($"slurm/test/{ns}/1", LedgerEngine.Slurm, ns, "member1", "UC San Diego", "a100", day1, 7.5, 1.25, 30));
            await db.SaveChangesAsync();
        }

        var html = await world.Client(Role.Member).GetStringAsync($"/usage?namespace={ns}");
        var csv = await world.Client(Role.Member).GetStringAsync($"/api/v1/usage/ledger?namespace={ns}&format=csv");

        var row = Between(html, $"<td>{day1:yyyy-MM-dd}</td><td><a href=\"/usage?namespace={ns}&amp;period=day\">{ns}</a></td>", "</tr>");
        Cells(row).ShouldBe(["7.5", "1.25", "30", "3", "2", "6"]);
        Cells(Between(html, "<td>a100</td>", "</tr>")).ShouldBe(["1.25", "2"]);
        var (_, records) = await ReadAsync(ns);
        LedgerCsv.Read(csv).OrderBy(r => r.SourceKey, StringComparer.Ordinal)
            .ShouldBe(records.Select(LedgerRow.From).OrderBy(r => r.SourceKey, StringComparer.Ordinal));
    }

    [Fact]
    public async Task UsagePage_MonthPeriod_SumsTheDaysOfTheMonth()
    {
        var ns = (await world.SceneAsync()).Namespace;
        var day1 = await FreshDayAsync();
        var sameMonth = day1.AddDays(10);
        await AddAsync(Sample(ns, day1, "", cpuHours: 1, memoryGibHours: 1), Sample(ns, sameMonth, "", cpuHours: 2, memoryGibHours: 2));
        await ImportAsync();

        var html = await world.Client(Role.NamespaceAdmin).GetStringAsync($"/usage?namespace={ns}&period=month");

        Cells(Between(html, $"<td>{day1:yyyy-MM}</td><td><a href=\"/usage?namespace={ns}&amp;period=month\">{ns}</a></td>", "</tr>"))
            .ShouldBe(["0", "0", "0", "3", "0", "3"]);
    }

    [Fact]
    public async Task UsagePage_BadDate_SaysWhatIsWrongWith400()
    {
        using var response = await world.Client(Role.Member).GetAsync("/usage?from=yesterday");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Use a date as yyyy-MM-dd.");
    }

    private static UsageSample Sample(string ns, DateTime bucket, string gpuType, double cpuHours = 0, double memoryGibHours = 0, double gpuHours = 0) => new()
    {
        Namespace = ns, Institution = "UC San Diego", Cluster = "test", GpuType = gpuType, BucketStart = bucket, IntervalSeconds = 300,
        CpuCoreHours = cpuHours, MemoryGiBHours = memoryGibHours, GpuHours = gpuHours,
    };

    private async Task AddAsync(params UsageSample[] samples)
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        db.AddRange(samples);
        await db.SaveChangesAsync();
    }

    // A fresh scope and importer each time: what a restarted server would do, with only the database remembered.
    private async Task<int> ImportAsync()
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        return await new KubernetesLedgerImporter(scope.ServiceProvider.GetRequiredService<NereidDbContext>(), Overlap).ImportAsync(default);
    }

    // The cursor is shared by every test of this class: each starts on a day after everything imported so far, as new
    // samples always are.
    private async Task<DateTime> FreshDayAsync()
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        var cursor = await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<LedgerCursor>().AsNoTracking()
            .SingleOrDefaultAsync(c => c.Source == KubernetesLedgerImporter.Source);
        var day = cursor is null || cursor.Position < FirstDay ? FirstDay : cursor.Position.Date.AddDays(2).AddHours(10);
        // In the first half of a month, so a test can add a later day of the same month.
        return day.Day <= 15 ? day : new DateTime(day.Year, day.Month, 1, 10, 0, 0, DateTimeKind.Utc).AddMonths(1);
    }

    private async Task<DateTime> CursorAsync()
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        var cursor = await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<LedgerCursor>().AsNoTracking()
            .SingleAsync(c => c.Source == KubernetesLedgerImporter.Source);
        return DateTime.SpecifyKind(cursor.Position, DateTimeKind.Utc);
    }

    private async Task<(List<UsageSample> Samples, List<LedgerRecord> Records)> ReadAsync(string ns)
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        return (await db.Set<UsageSample>().AsNoTracking().Where(s => s.Namespace == ns).ToListAsync(),
            await db.Set<LedgerRecord>().AsNoTracking().Where(r => r.Namespace == ns).ToListAsync());
    }

    private static string Between(string html, string start, string end)
    {
        var at = html.IndexOf(start, StringComparison.Ordinal);
        at.ShouldBeGreaterThanOrEqualTo(0, $"'{start}' not in the page");
        var from = at + start.Length;
        return html[from..html.IndexOf(end, from, StringComparison.Ordinal)];
    }

    private static string[] Cells(string row) =>
        [.. System.Text.RegularExpressions.Regex.Matches(row, "<td class=\"usage-num\">([^<]*)</td>").Select(m => m.Groups[1].Value)];
}
