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
            // The service answers in the API's words ("expiresAt must be…"); the form says it beside the field, in the page's.
            foreach (var field in ex.Errors.Keys)
                ModelState.AddModelError(FormField(field), FieldWords(field));
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

    /// <summary>The form field an API field's error belongs beside.</summary>
    private static string FormField(string apiField) => apiField switch
    {
        "namespace" => "Input.Namespace",
        "pod" => "Input.Pod",
        "policy" => "Input.Policy",
        "reason" => "Input.Reason",
        "expiresAt" => "Input.ExpiresAt",
        _ => "",
    };

    /// <summary>What to do about an API field's error, in the portal's words.</summary>
    internal static string FieldWords(string apiField) => apiField switch
    {
        "namespace" => "Choose the namespace the exception is for.",
        "pod" => "A pod or workload name has at most 253 characters; leave it empty for the whole namespace.",
        "policy" => "Choose one of the listed policies.",
        "reason" => $"Say why the exception is needed (at most {Nereid.Domain.Policies.PolicyException.MaxReasonLength:N0} characters); it is shown to the namespace's admins.",
        "expiresAt" => "Pick when the exception ends: a moment in the future, at most a year from now.",
        _ => "Something in the form needs attention.",
    };

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = HttpContext.RequireActor();
        CanManage = actor.IsPlatformAdmin;
        Items = await violations.ListExceptionsAsync(actor, ct);
        if (CanManage)
            Namespaces = await Shared.NamespaceChoices.ForAsync(db, actor, ct);
    }
}
