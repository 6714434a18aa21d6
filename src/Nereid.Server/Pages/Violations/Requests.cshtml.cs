using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nereid.Domain.Errors;
using Nereid.Server.Api;
using Nereid.Server.Namespaces;
using Nereid.Server.Policies;

namespace Nereid.Server.Pages.Violations;

/// <summary>
/// /violations/requests: namespace admins request policy exceptions (from a violation or for a policy) and see each
/// decision with its note beside it; platform admins approve or deny. Kept apart from the grant form on /violations/exceptions.
/// </summary>
[Authorize]
internal sealed class ExceptionRequestsModel(ExceptionRequestService requests, Nereid.Data.NereidDbContext db) : PageModel
{
    /// <summary>The request form.</summary>
    public sealed class RequestForm
    {
        public Guid? ViolationId { get; set; }
        public string? Namespace { get; set; }
        public string? Pod { get; set; }
        public string? Policy { get; set; } = "gpu-idle";
        public string? Reason { get; set; }
        public int? DurationDays { get; set; } = 7;
    }

    [BindProperty]
    public RequestForm Input { get; set; } = new();

    /// <summary>A decision's note.</summary>
    [BindProperty]
    public string? Note { get; set; }

    public IReadOnlyList<ExceptionRequestView> Items { get; private set; } = [];

    /// <summary>The namespaces the person may request for (administered ones; every namespace for a platform admin).</summary>
    public IReadOnlyList<string> Namespaces { get; private set; } = [];

    public bool CanDecide { get; private set; }

    /// <summary>The violation the request is about, when the link came from one.</summary>
    public ViolationView? Violation { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? violation, CancellationToken ct)
    {
        Input.ViolationId = violation;
        return await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            await requests.CreateAsync(HttpContext.RequireActor(),
                new ExceptionRequestInput(Input.ViolationId, Input.Namespace, Input.Pod, Input.Policy, Input.Reason, Input.DurationDays), ct);
        }
        catch (ValidationFailedException ex)
        {
            foreach (var (field, messages) in ex.Errors)
            {
                foreach (var message in messages)
                    ModelState.AddModelError($"Input.{char.ToUpperInvariant(field[0])}{field[1..]}", message);
            }
            return await LoadAsync(ct);
        }
        catch (ForbiddenException ex)
        {
            ModelState.AddModelError("Input.Namespace", ex.Message);
            return await LoadAsync(ct);
        }
        catch (NotFoundException ex)
        {
            ModelState.AddModelError("Input.Namespace", ex.Message);
            return await LoadAsync(ct);
        }
        return RedirectToPage();
    }

    public Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct) =>
        DecideAsync(() => requests.ApproveAsync(HttpContext.RequireActor(), id, new DecisionInput(Note), ct), ct);

    public Task<IActionResult> OnPostDenyAsync(Guid id, CancellationToken ct) =>
        DecideAsync(() => requests.DenyAsync(HttpContext.RequireActor(), id, new DecisionInput(Note), ct), ct);

    private async Task<IActionResult> DecideAsync(Func<Task<ExceptionRequestView>> decide, CancellationToken ct)
    {
        try
        {
            await decide();
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (Exception ex) when (ex is ValidationFailedException or ConflictException)
        {
            ModelState.AddModelError(nameof(Note), ex is ValidationFailedException v ? string.Join(" ", v.Errors.SelectMany(e => e.Value)) : ex.Message);
            return await LoadAsync(ct);
        }
        return RedirectToPage();
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var actor = HttpContext.RequireActor();
        CanDecide = actor.IsPlatformAdmin;
        Items = await requests.ListAsync(actor, null, ct);
        Namespaces = actor.IsPlatformAdmin
            ? await db.Namespaces.AsNoTracking().Select(n => n.Name).OrderBy(n => n).ToListAsync(ct)
            : await db.AdministeredNamespaces(actor.PersonId).Distinct().OrderBy(n => n).ToListAsync(ct);
        if (Input.ViolationId is { } id)
        {
            try
            {
                Violation = (await HttpContext.RequestServices.GetRequiredService<ViolationService>().GetAsync(actor, id, ct)).Violation;
            }
            catch (NotFoundException)
            {
                Input.ViolationId = null;
            }
        }
        return Page();
    }
}
