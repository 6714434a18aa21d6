using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Api;
using Nereid.Server.Pages.Shared;
using Nereid.Server.Policies;

namespace Nereid.Server.Pages.Violations;

/// <summary>/violations/{id}: one violation with its evidence and notices (404 when the caller may not see it).</summary>
[Authorize]
internal sealed class ViolationDetailModel(ViolationService violations) : NereidPageModel
{
    public ViolationDetail Detail { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        ShowAsync(async () => Detail = await violations.GetAsync(HttpContext.RequireActor(), id, ct));
}
