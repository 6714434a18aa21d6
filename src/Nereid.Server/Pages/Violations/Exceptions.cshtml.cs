using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nereid.Domain.Errors;
using Nereid.Server.Api;
using Nereid.Server.Policies;

namespace Nereid.Server.Pages.Violations;

/// <summary>/violations/exceptions: the exceptions registry; platform admins grant and revoke, namespace admins see theirs.</summary>
[Authorize]
internal sealed class PolicyExceptionsModel(ViolationService violations, Nereid.Data.NereidDbContext db) : PageModel
{
    /// <summary>The grant form.</summary>
    public sealed class GrantForm
    {
        public string? Namespace { get; set; }
        public string? Pod { get; set; }
        public string? Policy { get; set; } = "gpu-idle";
        public string? Reason { get; set; }
        public DateTime? ExpiresAt { get; set; }
    }

    [BindProperty]
    public GrantForm Input { get; set; } = new();

    public IReadOnlyList<PolicyExceptionView> Items { get; private set; } = [];

    public bool CanManage { get; private set; }

    /// <summary>The namespaces the grant form offers.</summary>
    public IReadOnlyList<string> Namespaces { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var expires = Input.ExpiresAt is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : (DateTime?)null;
        try
        {
            await violations.CreateExceptionAsync(HttpContext.RequireActor(), new PolicyExceptionInput(Input.Namespace, Input.Pod, Input.Policy, Input.Reason, expires), ct);
        }
        catch (ValidationFailedException ex)
        {
            foreach (var (field, messages) in ex.Errors)
            {
                foreach (var message in messages)
                    ModelState.AddModelError(field, message);
            }
            await LoadAsync(ct);
            return Page();
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await violations.DeleteExceptionAsync(HttpContext.RequireActor(), id, ct);
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = HttpContext.RequireActor();
        CanManage = actor.IsPlatformAdmin;
        Items = await violations.ListExceptionsAsync(actor, ct);
        if (CanManage)
            Namespaces = await Shared.NamespaceChoices.ForAsync(db, actor, ct);
    }
}
