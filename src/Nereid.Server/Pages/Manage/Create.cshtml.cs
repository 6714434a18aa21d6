using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.People;
using Nereid.Server.Namespaces;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Manage;

/// <summary>Creates a namespace (tier admin and above); the creator becomes its first admin.</summary>
public sealed class CreateModel(NamespaceService namespaces) : NereidPageModel
{
    [BindProperty]
    public NamespaceForm Input { get; set; } = new();

    public IActionResult OnGet() => Actor!.AtLeast(Tier.Admin) ? Page() : Denied(NotAllowed);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Actor!.AtLeast(Tier.Admin))
            return Denied(NotAllowed);
        return await ChangeAsync(async () =>
        {
            var created = await namespaces.CreateAsync(Actor!, Input.ToInput(Input.Name?.Trim()), ct);
            return Done($"Namespace {created.Name} was created; you are its admin.", "/namespaces/" + Uri.EscapeDataString(created.Name));
        }, () => Task.CompletedTask, "Input", typeof(NamespaceForm));
    }

    private const string NotAllowed = "Creating namespaces needs the admin tier; request a promotion on your profile page.";
}
