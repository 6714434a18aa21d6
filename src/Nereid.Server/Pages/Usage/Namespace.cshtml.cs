using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nereid.Data;
using Nereid.Domain.Errors;
using Microsoft.EntityFrameworkCore;
using Nereid.Server.Api;
using Nereid.Server.Resources;

namespace Nereid.Server.Pages.Usage;

/// <summary>/usage/{namespace}: what the namespace requests now, and SVG plots of its usage and its institution's over time.</summary>
[Authorize]
internal sealed class NamespaceUsagePageModel(ResourcesQueries resources, UsageQueries usage, NereidDbContext db, TimeProvider time) : PageModel
{
    /// <summary>Range choices: days → step.</summary>
    public static readonly IReadOnlyDictionary<int, TimeSpan> Ranges = new Dictionary<int, TimeSpan>
    {
        [1] = TimeSpan.FromMinutes(15), [7] = TimeSpan.FromHours(1), [30] = TimeSpan.FromHours(6), [90] = TimeSpan.FromDays(1),
    };

    [BindProperty(SupportsGet = true)] public string Namespace { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int Days { get; set; } = 7;

    public string? Problem { get; private set; }
    public NamespaceUsageResponse? Current { get; private set; }
    public UsageSeries? Series { get; private set; }
    public UsageSeries? InstitutionSeries { get; private set; }
    public string Institution { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = HttpContext.RequireActor();
        if (!Ranges.ContainsKey(Days))
            Days = 7;
        var to = time.GetUtcNow();
        var step = Ranges[Days];
        // Align the range to whole steps so points do not shift between refreshes.
        to = new DateTimeOffset(to.UtcTicks / step.Ticks * step.Ticks, TimeSpan.Zero) + step;
        var from = to.AddDays(-Days);
        try
        {
            Current = await resources.NamespaceUsageAsync(actor, Namespace, ct);
            Series = await usage.NamespaceAsync(actor, Namespace, from, to, step, ct);
        }
        catch (NereidException ex) when (ex is NotFoundException or ForbiddenException)
        {
            Response.StatusCode = DomainProblems.For(ex).Status;
            Problem = ex.Message;
            return Page();
        }
        Institution = await db.Namespaces.AsNoTracking().Where(n => n.Name == Namespace).Select(n => n.Institution).FirstAsync(ct);
        if (!string.IsNullOrEmpty(Institution))
        {
            try
            {
                InstitutionSeries = await usage.InstitutionAsync(actor, Institution, from, to, step, ct);
            }
            catch (ForbiddenException)
            {
                // Members who are not admins may see their namespace but not the whole institution: the section is left out.
                InstitutionSeries = null;
            }
        }
        return Page();
    }

    /// <summary>GPU plot: one line per GPU type, plus the total when there are several types.</summary>
    public static string GpuPlot(string title, UsageSeries s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var types = s.Points.SelectMany(p => p.GpusByType.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var lines = types.Select(t => new PlotSeries(t, [.. s.Points.Select(p => p.GpusByType.GetValueOrDefault(t))])).ToList();
        if (types.Count != 1)
            lines.Insert(0, new PlotSeries("all GPUs", [.. s.Points.Select(p => p.Gpus)]));
        return SvgPlot.Render(title, "GPUs requested, average per step", [.. s.Points.Select(p => p.Time)], lines);
    }

    /// <summary>CPU plot: cores only, so the axis has one unit.</summary>
    public static string CpuPlot(string title, UsageSeries s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return SvgPlot.Render(title, "cores requested, average per step", [.. s.Points.Select(p => p.Time)],
            [new PlotSeries("CPU cores", [.. s.Points.Select(p => p.CpuCores)])]);
    }

    /// <summary>Memory plot in GiB, apart from CPU so each axis has one unit.</summary>
    public static string MemoryPlot(string title, UsageSeries s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return SvgPlot.Render(title, "GiB requested, average per step", [.. s.Points.Select(p => p.Time)],
            [new PlotSeries("memory GiB", [.. s.Points.Select(p => p.MemoryBytes / (1L << 30))])]);
    }

    /// <summary>Hours with one decimal.</summary>
    public static string Hours(double h) => h.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
