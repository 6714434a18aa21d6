using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.Errors;
using Nereid.Server.Api;
using Nereid.Server.Namespaces;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages;

/// <summary>The public namespaces overview: search, sort, page through every namespace.</summary>
internal sealed class IndexModel(NamespaceService namespaces) : NereidPageModel
{
    /// <summary>Page sizes offered; the first is the default.</summary>
    public static readonly int[] PageSizes = [100, 50, 200, 500];

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")]
    public string? SortParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "dir")]
    public string? Direction { get; set; }

    [BindProperty(SupportsGet = true, Name = "limit")]
    public int? Limit { get; set; }

    [BindProperty(SupportsGet = true, Name = "continue")]
    public string? Continue { get; set; }

    public NamespaceSort Sort { get; private set; }
    public bool Descending { get; private set; }
    public int PageSize { get; private set; }
    public IReadOnlyList<NamespaceView> Items { get; private set; } = [];
    public string? NextToken { get; private set; }
    public int Total { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Sort = Enum.TryParse<NamespaceSort>(SortParam, ignoreCase: true, out var sort) && Enum.IsDefined(sort) ? sort : NamespaceSort.Name;
        Descending = string.Equals(Direction, "desc", StringComparison.OrdinalIgnoreCase);
        PageSize = Limit is { } l && PageSizes.Contains(l) ? l : PageSizes[0];
        try
        {
            (var page, Total) = await namespaces.OverviewAsync(new NamespaceQuery(Search, Sort, Descending, PageSize, Continue), ct);
            Items = page.Items;
            NextToken = page.Continue;
        }
        catch (ValidationFailedException e)
        {
            // A stale or hand-edited continue token: show the first page with a note instead of an error page.
            Problem = e.Errors.Values.SelectMany(m => m).FirstOrDefault() ?? e.Message;
            Continue = null;
            (var page, Total) = await namespaces.OverviewAsync(new NamespaceQuery(Search, Sort, Descending, PageSize, null), ct);
            Items = page.Items;
            NextToken = page.Continue;
        }
        return Page();
    }

    /// <summary>Query string for the overview with some values replaced (null drops a value).</summary>
    public string Link(NamespaceSort? sort = null, bool? descending = null, string? continueToken = null)
    {
        var s = sort ?? Sort;
        var d = descending ?? Descending;
        var query = new Dictionary<string, string?>
        {
            ["q"] = string.IsNullOrWhiteSpace(Search) ? null : Search,
            ["sort"] = s == NamespaceSort.Name ? null : s.ToString().ToLowerInvariant(),
            ["dir"] = d ? "desc" : null,
            ["limit"] = PageSize == PageSizes[0] ? null : PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["continue"] = continueToken,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/", query.Where(kv => kv.Value is not null)!);
    }

    /// <summary>Link for a column header: ascending first, toggling when the column is already sorted.</summary>
    public string SortLink(NamespaceSort column) => Link(column, column == Sort && !Descending);

    public string? AriaSort(NamespaceSort column) => column != Sort ? null : Descending ? "descending" : "ascending";
}
