using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.Errors;
using Nereid.Server.Namespaces;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Manage;

/// <summary>Marks a namespace for deletion after its admin types the name; the reconciler does the rest.</summary>
internal sealed class DeleteModel(NamespaceService namespaces) : NereidPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Name { get; set; } = "";

    [BindProperty]
    public string? Confirm { get; set; }

    [BindProperty]
    public int? Version { get; set; }

    public NamespaceView Namespace { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(() => LoadAsync(ct), () => Version = Namespace.Version);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await ChangeAsync(async () =>
        {
            await namespaces.RequestDeletionAsync(Actor!, Name, Confirm?.Trim(), Version, ct);
            return Done($"Namespace {Name} is being deleted.", "/namespaces/" + Uri.EscapeDataString(Name));
        }, () => LoadAsync(ct), "", typeof(DeleteModel));
        return DeniedWhenForbidden(result);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Namespace = await namespaces.GetAsync(Name, ct);
        if (!await namespaces.IsNamespaceAdminAsync(Actor, Name, ct))
            throw new ForbiddenException($"Only admins of namespace '{Name}' may delete it.");
    }
}
