using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Nereid.Domain.Errors;
using Nereid.Server.Audit;
using Nereid.Data;
using Nereid.Server.Namespaces;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages;

/// <summary>The audit log: everything for platform admins, one namespace's events for its admins.</summary>
[Authorize]
internal sealed class AuditModel(AuditService audit, NereidDbContext db) : NereidPageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true, Name = "namespace")]
    public string? Namespace { get; set; }

    [BindProperty(SupportsGet = true, Name = "continue")]
    public string? Continue { get; set; }

    /// <summary>Actor: recorded name, user name or email (substring).</summary>
    [BindProperty(SupportsGet = true, Name = "actor")]
    public string? ActorFilter { get; set; }

    /// <summary>Action or dotted prefix, as picked from the actions in the log.</summary>
    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionFilter { get; set; }

    /// <summary>First day shown (UTC, <c>yyyy-MM-dd</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? From { get; set; }

    /// <summary>Last day shown, inclusive (UTC, <c>yyyy-MM-dd</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "to")]
    public DateOnly? To { get; set; }

    /// <summary>The actions recorded so far, for the action picker.</summary>
    public IReadOnlyList<string> Actions { get; private set; } = [];

    /// <summary>Every namespace, for the platform admin's namespace picker.</summary>
    public IReadOnlyList<string> AllNamespaces { get; private set; } = [];

    public IReadOnlyList<AuditView> Events { get; private set; } = [];
    public string? NextToken { get; private set; }

    /// <summary>Namespaces the person administers, to pick from when they may not see the whole log.</summary>
    public IReadOnlyList<string> AdminNamespaces { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = Actor!;
        if (!actor.IsPlatformAdmin)
            AdminNamespaces = await db.AdministeredNamespaces(actor.PersonId).AsNoTracking().Order().ToListAsync(ct);
        else
            AllNamespaces = await db.Namespaces.AsNoTracking().Select(n => n.Name).OrderBy(n => n).ToListAsync(ct);
        if (string.IsNullOrEmpty(Namespace) && !actor.IsPlatformAdmin)
        {
            return AdminNamespaces.Count > 0
                ? Page()
                : Denied("The audit log is for platform admins and namespace admins.");
        }
        try
        {
            Actions = await db.AuditEvents.AsNoTracking().Where(e => Namespace == null || Namespace == "" || e.NamespaceName == Namespace)
                .Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
            var page = await audit.ListAsync(actor, Filter, PageSize, Continue, ct);
            Events = page.Items;
            NextToken = page.Continue;
        }
        catch (ForbiddenException e)
        {
            return Denied(e.Message);
        }
        catch (ValidationFailedException e)
        {
            Problem = e.Errors.Values.SelectMany(m => m).FirstOrDefault() ?? e.Message;
            var page = Page();
            page.StatusCode = StatusOf(e);
            return page;
        }
        return Page();
    }

    /// <summary>The page's filters for the service: whole UTC days, the last one included.</summary>
    public AuditFilter Filter => new(Namespace, ActorFilter, ActionFilter,
        From is { } f ? new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
        To is { } t ? new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null);

    public string PageLink(string? continueToken) => Link("/audit", continueToken, csv: false);

    /// <summary>The CSV export of the same filters (the API's <c>format=csv</c>).</summary>
    public string CsvLink => Link("/api/v1/audit", null, csv: true);

    private string Link(string path, string? continueToken, bool csv)
    {
        var filter = Filter;
        var query = new Dictionary<string, string?>
        {
            ["namespace"] = Namespace, ["actor"] = ActorFilter, ["action"] = ActionFilter,
            ["from"] = filter.From?.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["to"] = filter.To?.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["continue"] = continueToken, ["format"] = csv ? "csv" : null,
        };
        if (!csv)
        {
            query["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            query["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, query.Where(kv => !string.IsNullOrEmpty(kv.Value))!);
    }
}
