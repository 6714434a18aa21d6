using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nereid.Domain.Errors;
using Nereid.Server.Api;
using Nereid.Server.Policies;

namespace Nereid.Server.Pages.Violations;

/// <summary>/violations/{id}: one violation with its evidence and notices (404 when the caller may not see it).</summary>
[Authorize]
public sealed class ViolationDetailModel(ViolationService violations) : PageModel
{
    public ViolationDetail Detail { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            Detail = await violations.GetAsync(HttpContext.RequireActor(), id, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        return Page();
    }
}
