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

    public IReadOnlyList<AuditView> Events { get; private set; } = [];
    public string? NextToken { get; private set; }

    /// <summary>Namespaces the person administers, to pick from when they may not see the whole log.</summary>
    public IReadOnlyList<string> AdminNamespaces { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = Actor!;
        if (!actor.IsPlatformAdmin)
            AdminNamespaces = await db.AdministeredNamespaces(actor.PersonId).AsNoTracking().Order().ToListAsync(ct);
        if (string.IsNullOrEmpty(Namespace) && !actor.IsPlatformAdmin)
        {
            return AdminNamespaces.Count > 0
                ? Page()
                : Denied("The audit log is for platform admins and namespace admins.");
        }
        try
        {
            var page = await audit.ListAsync(actor, Namespace, PageSize, Continue, ct);
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

    public string PageLink(string? continueToken)
    {
        var query = new Dictionary<string, string?> { ["namespace"] = Namespace, ["continue"] = continueToken };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/audit", query.Where(kv => !string.IsNullOrEmpty(kv.Value))!);
    }
}
