using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nereid.Domain.Errors;
using Nereid.Server.Api;
using Nereid.Server.Ledger;

namespace Nereid.Server.Pages.Usage;

/// <summary>
/// /usage: the usage ledger as a report, per namespace and period with Slurm and Kubernetes side by side, and GPU-hours per
/// GPU type. Members see their namespaces, platform admins all (the same rule as <c>GET /api/v1/usage/ledger</c>, whose CSV
/// the page links to).
/// </summary>
[Authorize]
internal sealed class UsageReportPageModel(LedgerQueries ledger, Nereid.Data.NereidDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Namespace { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string Period { get; set; } = "day";

    public string? Problem { get; private set; }
    public IReadOnlyList<UsageReportRow> Rows { get; private set; } = [];
    public IReadOnlyList<GpuTypeRow> GpuTypes { get; private set; } = [];

    /// <summary>The CSV export of the same selection.</summary>
    public string CsvLink => "/api/v1/usage/ledger?format=csv" + Query("namespace", Namespace) + Query("from", From) + Query("to", To);

    /// <summary>The namespaces the filter offers.</summary>
    public IReadOnlyList<string> Namespaces { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Namespaces = await Shared.NamespaceChoices.ForAsync(db, HttpContext.RequireActor(), ct);
        if (!UsageReport.Periods.Contains(Period, StringComparer.Ordinal))
            Period = "day";
        try
        {
            var rows = await ledger.RecordsAsync(HttpContext.RequireActor(), Namespace, From, To, ct);
            Rows = UsageReport.ByNamespaceAndPeriod(rows, Period);
            GpuTypes = UsageReport.ByGpuType(rows);
        }
        catch (NereidException ex) when (ex is ForbiddenException or ValidationFailedException)
        {
            Response.StatusCode = DomainProblems.For(ex).Status;
            Problem = ex is ValidationFailedException v ? string.Join(" ", v.Errors.SelectMany(e => e.Value)) : ex.Message;
        }
        return Page();
    }

    /// <summary>Hours as the page shows them.</summary>
    public static string Hours(double hours) => hours.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    private static string Query(string name, string? value) => string.IsNullOrEmpty(value) ? "" : $"&{name}={Uri.EscapeDataString(value)}";
}
