using System.Globalization;
using Nereid.Domain.Usage;

namespace Nereid.Server.Ledger;

/// <summary>Hours of one engine in one report row.</summary>
internal sealed record EngineHours(double CpuHours, double GpuHours, double MemoryGibHours)
{
    /// <summary>No usage.</summary>
    public static readonly EngineHours None = new(0, 0, 0);
}

/// <summary>One namespace in one period, both engines side by side.</summary>
internal sealed record UsageReportRow(string Namespace, string Period, EngineHours Slurm, EngineHours Kubernetes);

/// <summary>GPU-hours of one GPU type, per engine.</summary>
internal sealed record GpuTypeRow(string GpuType, double SlurmGpuHours, double KubernetesGpuHours);

/// <summary>
/// The usage report of the <c>/usage</c> page: ledger rows summed per namespace and period (a UTC day or month), with Slurm
/// and Kubernetes in separate columns, and GPU-hours per GPU type. Pure, so the page and its tests agree on the sums.
/// </summary>
internal static class UsageReport
{
    /// <summary>The periods a report can be cut into.</summary>
    public static readonly IReadOnlyList<string> Periods = ["day", "month"];

    /// <summary>Rows per namespace and period, sorted by period then namespace.</summary>
    public static IReadOnlyList<UsageReportRow> ByNamespaceAndPeriod(IEnumerable<LedgerRow> rows, string period)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return [.. rows.GroupBy(r => (r.Namespace, Period: PeriodOf(r.Day, period)))
            .OrderBy(g => g.Key.Period, StringComparer.Ordinal).ThenBy(g => g.Key.Namespace, StringComparer.Ordinal)
            .Select(g => new UsageReportRow(g.Key.Namespace, g.Key.Period, Sum(g, LedgerEngine.Slurm), Sum(g, LedgerEngine.Kubernetes)))];
    }

    /// <summary>GPU-hours per GPU type (rows without GPU hours left out), sorted by type.</summary>
    public static IReadOnlyList<GpuTypeRow> ByGpuType(IEnumerable<LedgerRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return [.. rows.Where(r => r.GpuHours > 0).GroupBy(r => r.GpuType.Length == 0 ? "(unnamed)" : r.GpuType)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new GpuTypeRow(g.Key, Sum(g, LedgerEngine.Slurm).GpuHours, Sum(g, LedgerEngine.Kubernetes).GpuHours))];
    }

    /// <summary>The period a day falls in: <c>yyyy-MM-dd</c> or, for <c>month</c>, <c>yyyy-MM</c>.</summary>
    public static string PeriodOf(DateOnly day, string period) =>
        day.ToString(period == "month" ? "yyyy-MM" : "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static EngineHours Sum(IEnumerable<LedgerRow> rows, LedgerEngine engine)
    {
        var name = LedgerRow.EngineName(engine);
        var of = rows.Where(r => r.Engine == name).ToList();
        return of.Count == 0 ? EngineHours.None : new EngineHours(of.Sum(r => r.CpuHours), of.Sum(r => r.GpuHours), of.Sum(r => r.MemoryGibHours));
    }
}
