using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.Errors;
using Nereid.Server.Namespaces;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Manage;

/// <summary>Edits a namespace's metadata (its admins and platform admins), refusing edits based on a stale version.</summary>
internal sealed class EditModel(NamespaceService namespaces) : NereidPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Name { get; set; } = "";

    [BindProperty]
    public NamespaceForm Input { get; set; } = new();

    /// <summary>True after a stale-version refusal: the page offers a reload link.</summary>
    public bool Stale { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            if (!await namespaces.IsNamespaceAdminAsync(Actor, Name, ct))
            {
                await namespaces.GetAsync(Name, ct);
                return Denied($"Only admins of namespace '{Name}' may edit it.");
            }
            Input = NamespaceForm.From(await namespaces.GetAsync(Name, ct));
            return Page();
        }
        catch (NotFoundException e)
        {
            return StatusPage(StatusOf(e), e.Message);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await ChangeAsync(async () =>
        {
            await namespaces.UpdateAsync(Actor!, Name, Input.ToInput(null), Input.Version, ct);
            return Done($"The details of {Name} were saved.", "/namespaces/" + Uri.EscapeDataString(Name));
        }, () => namespaces.GetAsync(Name, ct), "Input", typeof(NamespaceForm));
        Stale = result is Microsoft.AspNetCore.Mvc.RazorPages.PageResult { StatusCode: StatusCodes.Status412PreconditionFailed };
        return DeniedWhenForbidden(result);
    }
}
