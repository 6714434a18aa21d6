using Nereid.Server.Ledger;

namespace Nereid.Server.Tests.Slurm;

public sealed class UsageReportTests
{
    private static LedgerRow Row(string engine, string ns, DateOnly day, double cpu, double gpu = 0, string gpuType = "") =>
        new($"{engine}/{ns}/{day}/{cpu}/{gpuType}", engine, ns, "", "UC San Diego", gpuType, day, cpu, gpu, cpu * 2);

    [Fact]
    public void ByNamespaceAndPeriod_BothEngines_SummedIntoSeparateColumns()
    {
        var day = new DateOnly(2026, 11, 2);
        LedgerRow[] rows = [Row("slurm", "a", day, 1), Row("slurm", "a", day, 2, 1, "a100"), Row("kubernetes", "a", day, 4), Row("kubernetes", "b", day.AddDays(1), 8)];

        var report = UsageReport.ByNamespaceAndPeriod(rows, "day");

        report.ShouldBe([
            new UsageReportRow("a", "2026-11-02", new EngineHours(3, 1, 6), new EngineHours(4, 0, 8)),
            new UsageReportRow("b", "2026-11-03", EngineHours.None, new EngineHours(8, 0, 16)),
        ]);
    }

    [Fact]
    public void ByNamespaceAndPeriod_Month_DaysOfOneMonthTogether()
    {
        LedgerRow[] rows = [Row("kubernetes", "a", new DateOnly(2026, 11, 1), 1), Row("kubernetes", "a", new DateOnly(2026, 11, 30), 2), Row("kubernetes", "a", new DateOnly(2026, 12, 1), 4)];

        var report = UsageReport.ByNamespaceAndPeriod(rows, "month");

        report.Select(r => (r.Period, r.Kubernetes.CpuHours)).ShouldBe([("2026-11", 3.0), ("2026-12", 4.0)]);
    }

    [Fact]
    public void ByGpuType_GpuRowsOnly_PerEngine()
    {
        var day = new DateOnly(2026, 11, 2);
        LedgerRow[] rows = [Row("slurm", "a", day, 1, 2, "a100"), Row("kubernetes", "a", day, 1, 3, "a100"), Row("kubernetes", "a", day, 1, 1, ""), Row("slurm", "a", day, 5)];

        UsageReport.ByGpuType(rows).ShouldBe([new GpuTypeRow("(unnamed)", 0, 1), new GpuTypeRow("a100", 2, 3)]);
    }
}
