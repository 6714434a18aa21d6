using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Pages.Shared;
using Nereid.Server.Provider;

namespace Nereid.Server.Pages.Admin;

/// <summary>Platform admins: the OpenID clients, and which namespace groups each receives (<see cref="ClientGroups"/>).</summary>
internal sealed class OidcClientsModel(ClientRegistry clients) : NereidPageModel
{
    private const string NotAllowed = "Only platform admins manage OpenID clients.";

    public IReadOnlyList<ClientView> Clients { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Actor?.IsPlatformAdmin != true)
            return Denied(NotAllowed);
        Clients = await clients.ListAsync(Actor, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostGroupsAsync(string clientId, string? mode, string? namespaces, CancellationToken ct)
    {
        if (Actor is not { IsPlatformAdmin: true } actor)
            return Denied(NotAllowed);
        string[]? listed = mode == "listed" ? (namespaces ?? "").Split([' ', ',', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries) : null;
        return await ChangeAsync(async () =>
        {
            var saved = await clients.SetGroupsAsync(actor, clientId, new ClientGroupsInput(listed), ct);
            return Done(saved.GroupNamespaces is null
                ? $"{saved.DisplayName} receives the groups of all the person's namespaces from its next token on."
                : $"{saved.DisplayName} receives only the groups of {string.Join(", ", saved.GroupNamespaces)} from its next token on.", "/admin/oidc-clients");
        }, async () => Clients = await clients.ListAsync(actor, ct));
    }
}
