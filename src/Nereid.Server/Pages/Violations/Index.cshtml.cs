using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nereid.Server.Api;
using Nereid.Server.Freshness;
using Nereid.Server.Policies;

namespace Nereid.Server.Pages.Violations;

/// <summary>/violations: the signed-in person's own violations and their namespaces' (member or admin), all for platform admins.</summary>
[Authorize]
internal sealed class ViolationsIndexModel(ViolationService violations, PolicyCoverageQuery coverage, Nereid.Data.NereidDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "namespace")]
    public string? Namespace { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; } = "open";

    public IReadOnlyList<ViolationView> Items { get; private set; } = [];

    public string Scope { get; private set; } = "";

    /// <summary>The namespaces the filter offers.</summary>
    public IReadOnlyList<string> Namespaces { get; private set; } = [];

    /// <summary>Which checks did not run and the sources they read.</summary>
    public PolicyCoverage Coverage { get; private set; } = new([], []);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = HttpContext.RequireActor();
        if (State is not (null or "" or "open" or "resolved"))
            State = "open";
        Items = await violations.ListAsync(actor, Namespace, State, ct);
        Coverage = coverage.Current();
        Namespaces = await Shared.NamespaceChoices.ForAsync(db, actor, ct);
        Scope = actor.IsPlatformAdmin ? "All violations on the platform." : "Your own violations and those in the namespaces you belong to.";
        return Page();
    }
}
