using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nereid.Domain.Errors;
using Nereid.Server.Api;
using Nereid.Server.Auth;

namespace Nereid.Server.Pages.Shared;

/// <summary>
/// Base of every portal page: the signed-in actor, flash messages, and turning domain exceptions into a readable
/// banner or field errors on the re-rendered page with the matching HTTP status.
/// </summary>
internal abstract class NereidPageModel : PageModel
{
    public const string FlashKey = "Flash";

    /// <summary>The signed-in person, or null for anonymous visitors.</summary>
    public Actor? Actor => HttpContext.Actor();

    /// <summary>A problem to show at the top of the page (forbidden, conflict, stale version…).</summary>
    public string? Problem { get; protected set; }

    /// <summary>Remembers a one-line message for the page shown after the redirect.</summary>
    protected void Flash(string message) => TempData[FlashKey] = message;

    /// <summary>Post/redirect/get: flash a message and go to <paramref name="url"/> (always a local path built by the page).</summary>
    protected IActionResult Done(string message, string url)
    {
        Flash(message);
        return LocalRedirect(url);
    }

    /// <summary>A whole-page answer for a status the page cannot render normally (403, 404…).</summary>
    protected IActionResult StatusPage(int status, string message)
    {
        var result = Partial("_Status", new StatusMessage(status, message));
        result.StatusCode = status;
        return result;
    }

    protected IActionResult Denied(string message) => StatusPage(DomainProblems.Forbidden.Status, message);

    /// <summary>
    /// A GET: runs <paramref name="load"/> and renders the page, or the 404 / 403 page when what it shows is missing or
    /// off-limits. <paramref name="then"/> prepares form fields from what was loaded.
    /// </summary>
    protected async Task<IActionResult> ShowAsync(Func<Task> load, Action? then = null)
    {
        ArgumentNullException.ThrowIfNull(load);
        try
        {
            await load();
        }
        catch (NereidException e) when (e is NotFoundException or ForbiddenException)
        {
            return StatusPage(StatusOf(e), e.Message);
        }
        then?.Invoke();
        return Page();
    }

    /// <summary>A 403 on a page that is itself off-limits (not just one action on it) becomes the 403 page.</summary>
    protected IActionResult DeniedWhenForbidden(IActionResult result) =>
        result is PageResult { StatusCode: StatusCodes.Status403Forbidden } ? Denied(Problem ?? "Not allowed.") : result;

    /// <summary>
    /// Runs a state change. On a domain error, records it (fields of <paramref name="inputType"/> under
    /// <paramref name="prefix"/> get their own messages), reloads what the page shows and re-renders it with the error's status.
    /// </summary>
    protected async Task<IActionResult> ChangeAsync(Func<Task<IActionResult>> change, Func<Task> reload, string prefix = "", Type? inputType = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(reload);
        int status;
        try
        {
            return await change();
        }
        catch (NereidException e)
        {
            status = Record(e, prefix, inputType);
        }
        try
        {
            await reload();
        }
        catch (NereidException e)
        {
            // The thing itself went away or became off-limits meanwhile: nothing left to re-render.
            return StatusPage(StatusOf(e), e.Message);
        }
        var page = Page();
        page.StatusCode = status;
        return page;
    }

    /// <summary>Puts a domain error into ModelState or <see cref="Problem"/> and returns its HTTP status.</summary>
    protected int Record(NereidException error, string prefix = "", Type? inputType = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error is ValidationFailedException invalid)
        {
            foreach (var (field, messages) in invalid.Errors)
            {
                var key = FieldKey(field, prefix, inputType);
                foreach (var message in messages)
                    ModelState.AddModelError(key, message);
            }
            Problem = "Some fields need attention; see the messages below.";
        }
        else
        {
            Problem = error.Message;
        }
        return StatusOf(error);
    }

    /// <summary>The HTTP status of a domain error, from the table the API uses too.</summary>
    public static int StatusOf(NereidException error) => DomainProblems.For(error).Status;

    /// <summary>Maps a service field name ("pis") to the form field ("Input.Pis") when the form has it, else to the form as a whole.</summary>
    private static string FieldKey(string field, string prefix, Type? inputType)
    {
        if (inputType is null || field.Length == 0)
            return "";
        var property = inputType.GetProperty(field, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null)
            return "";
        return prefix.Length == 0 ? property.Name : prefix + "." + property.Name;
    }
}

/// <summary>What the shared status page shows.</summary>
internal sealed record StatusMessage(int Status, string Message)
{
    public string Title => DomainProblems.ForStatus(Status)?.Title ?? "Something is not right";
}
