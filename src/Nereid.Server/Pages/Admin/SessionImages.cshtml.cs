using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Auth;
using Nereid.Server.Pages.Shared;
using Nereid.Server.Sessions;

namespace Nereid.Server.Pages.Admin;

/// <summary>Platform admins: the session image catalogue (what JupyterHub may start).</summary>
internal sealed class SessionImagesModel(SessionImageService images) : NereidPageModel
{
    private const string NotAllowed = "Only platform admins may manage the session image catalogue.";
    private const string Here = "/admin/session-images";

    [BindProperty]
    public SessionImageForm Input { get; set; } = new();

    public IReadOnlyList<SessionImageView> Images { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Actor?.IsPlatformAdmin != true)
            return Denied(NotAllowed);
        Images = await images.ListAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) =>
        Run(async actor =>
        {
            var input = new SessionImageInput(Input.Name, Input.Image, Input.Description, Input.NeedsGpu);
            var exists = (await images.ListAsync(ct)).Any(i => i.Name == Input.Name?.Trim());
            var saved = exists ? await images.UpdateAsync(actor, Input.Name!.Trim(), input, ct) : await images.CreateAsync(actor, input, ct);
            return Done($"Image {saved.Name} {(exists ? "updated" : "added")}.", Here);
        }, ct);

    public Task<IActionResult> OnPostDeleteAsync(string name, CancellationToken ct) =>
        Run(async actor =>
        {
            await images.DeleteAsync(actor, name, ct);
            return Done($"Image {name} removed from the catalogue.", Here);
        }, ct);

    private async Task<IActionResult> Run(Func<Actor, Task<IActionResult>> change, CancellationToken ct)
    {
        if (Actor is not { IsPlatformAdmin: true } actor)
            return Denied(NotAllowed);
        return await ChangeAsync(() => change(actor), async () => Images = await images.ListAsync(ct), "Input", typeof(SessionImageForm));
    }
}

/// <summary>An image stack added or changed by a platform admin (same name = change).</summary>
internal sealed class SessionImageForm
{
    public string? Name { get; set; }
    public string? Image { get; set; }
    public string? Description { get; set; }
    public bool NeedsGpu { get; set; }
}
