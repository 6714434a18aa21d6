using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Federation;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Namespaces;

/// <summary>
/// The namespace page's federation switch posts here; success goes back to the namespace page, a refusal (not an
/// admin, fewer than two clusters, a stale version) is shown here with its status.
/// </summary>
internal sealed class FederateModel(FederationService federation) : NereidPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Name { get; set; } = "";

    public IActionResult OnGet() => LocalRedirect("/namespaces/" + Uri.EscapeDataString(Name));

    public async Task<IActionResult> OnPostAsync(bool federated, int? version, CancellationToken ct)
    {
        if (Actor is not { } actor)
            return Challenge();
        return await ChangeAsync(async () =>
        {
            await federation.SetAsync(actor, Name, new FederationInput(federated), version, ct);
            return Done(federated ? $"{Name} is federated; its clusters are being connected." : $"{Name} is no longer federated.",
                "/namespaces/" + Uri.EscapeDataString(Name));
        }, () => federation.GetAsync(Name, ct));
    }
}
