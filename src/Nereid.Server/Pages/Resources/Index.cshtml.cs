using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Server.Api;
using Nereid.Server.Namespaces;
using Nereid.Server.Freshness;
using Nereid.Server.Resources;

namespace Nereid.Server.Pages.Resources;

/// <summary>/resources: totals and free capacity by GPU type and region, and a filterable, sortable node grid.</summary>
[Authorize]
internal sealed class ResourcesPageModel(ResourcesQueries queries, NereidDbContext db, SourceHealth health, TimeProvider time) : PageModel
{
    private static readonly string[] SortKeys = ["name", "gpu", "region", "free", "total", "cpu"];

    [BindProperty(SupportsGet = true)] public string? Gpu { get; set; }
    [BindProperty(SupportsGet = true)] public string? GpuType { get; set; }
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public bool FreeForMe { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public bool Desc { get; set; }

    public bool IsGuest { get; private set; }
    public SummaryResponse? Summary { get; private set; }
    public IReadOnlyList<NodeView> Nodes { get; private set; } = [];
    public IReadOnlyList<string> Regions { get; private set; } = [];
    public IReadOnlyList<string> GpuTypes { get; private set; } = [];

    /// <summary>Reachability of the clusters the numbers come from.</summary>
    public IReadOnlyList<SourceState> Sources { get; private set; } = [];

    /// <summary>Now, for relative times.</summary>
    public DateTimeOffset Now { get; private set; }

    /// <summary>The caller's namespaces, linked to their usage pages.</summary>
    public IReadOnlyList<string> MyNamespaces { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = HttpContext.RequireActor();
        if (!actor.AtLeast(Tier.User))
        {
            IsGuest = true;
            return;
        }
        Summary = await queries.SummaryAsync(actor, null, ct);
        Sources = [.. health.All.Where(x => x.Kind == SourceKinds.Cluster)];
        Now = time.GetUtcNow();
        var choices = queries.Choices(actor);
        (Regions, GpuTypes) = (choices.Regions, choices.GpuTypes);
        var filtered = await queries.ListNodesAsync(actor, new NodeFilter(null, Blank(Gpu), Blank(Region), FreeForMe, Blank(GpuType)), ct);
        MyNamespaces = await db.EffectiveMembershipsOf(actor.PersonId).AsNoTracking()
            .Select(m => m.Namespace!.Name).OrderBy(n => n).ToListAsync(ct);
        Nodes = SortNodes(filtered.Items, SortKeys.Contains(Sort) ? Sort! : "name", Desc);
    }

    /// <summary>Query string of a header link that sorts by <paramref name="key"/> (toggling direction on the current key).</summary>
    public string SortLink(string key) =>
        QueryString.Create(new Dictionary<string, string?>
        {
            ["gpu"] = Gpu, ["gpuType"] = GpuType, ["region"] = Region, ["freeForMe"] = FreeForMe ? "true" : null, ["sort"] = key,
            ["desc"] = (key == (Sort ?? "name") && !Desc) ? "true" : null,
        }.Where(p => !string.IsNullOrEmpty(p.Value))).ToString();

    private static IReadOnlyList<NodeView> SortNodes(IReadOnlyList<NodeView> nodes, string key, bool desc)
    {
        IOrderedEnumerable<NodeView> sorted = key switch
        {
            "gpu" => nodes.OrderBy(n => n.GpuProduct ?? "~", StringComparer.Ordinal),
            "region" => nodes.OrderBy(n => n.Region ?? "~", StringComparer.Ordinal),
            "free" => nodes.OrderBy(n => n.Free.Gpus),
            "total" => nodes.OrderBy(n => n.Allocatable.Gpus),
            "cpu" => nodes.OrderBy(n => n.Free.CpuCores),
            _ => nodes.OrderBy(n => n.Name, StringComparer.Ordinal),
        };
        var list = sorted.ThenBy(n => n.Name, StringComparer.Ordinal).ToList();
        if (desc)
            list.Reverse();
        return list;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Bytes as GiB with one decimal.</summary>
    public static string GiB(long bytes) => (bytes / (double)(1L << 30)).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Unavailable nodes by reason, e.g. <c>1 cordoned, 2 NotReady</c>, or <c>none</c>.</summary>
    public static string Reasons(IReadOnlyDictionary<string, int> byReason) =>
        byReason.Count == 0 ? "none" : string.Join(", ", byReason.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Value} {r.Key}"));

    /// <summary>An accelerator type of the summary in words (the raw type when the summary has no name for it).</summary>
    public static string TypeName(SummaryResponse summary, string type) =>
        summary.GpuTypeNames.FirstOrDefault(g => g.Type == type)?.DisplayName ?? type;

    /// <summary>Cores with up to two decimals.</summary>
    public static string Cores(decimal cores) => cores.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
