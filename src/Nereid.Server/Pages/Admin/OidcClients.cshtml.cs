using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Pages.Shared;
using Nereid.Server.Provider;

namespace Nereid.Server.Pages.Admin;

/// <summary>
/// Platform admins: the OpenID clients — register, edit, rotate a confidential client's secret, delete, and choose which
/// namespace groups each receives (<see cref="ClientGroups"/>). Every change goes through <see cref="ClientRegistry"/>,
/// the same methods and audit entries as <c>/api/v1/oidc-clients</c>. A new secret is rendered in the answer to the
/// post that made it and kept nowhere else, so it is shown exactly once.
/// </summary>
internal sealed class OidcClientsModel(ClientRegistry clients) : NereidPageModel
{
    private const string NotAllowed = "Only platform admins manage OpenID clients.";
    private const string PageUrl = "/admin/oidc-clients";

    public IReadOnlyList<ClientView> Clients { get; private set; } = [];

    /// <summary>The form as posted (register or edit); re-rendered with its errors when refused.</summary>
    [BindProperty]
    public OidcClientForm Input { get; set; } = new();

    /// <summary>Which form <see cref="Input"/> came from: null for none, "" for the register form, else the edited client's id.</summary>
    public string? PostedForm { get; private set; }

    /// <summary>The client whose delete form was posted and refused, so its confirmation message is drawn beside it.</summary>
    public string? DeletePosted { get; private set; }

    /// <summary>Why the delete of <paramref name="clientId"/> was refused, if it was the one posted.</summary>
    public string? DeleteErrorOf(string clientId) =>
        // The delete form has no input model, so its message is recorded for the form as a whole (key "").
        DeletePosted == clientId && ModelState.TryGetValue("", out var entry) ? entry.Errors.FirstOrDefault()?.ErrorMessage : null;

    /// <summary>The secret just made, with its client: shown in this answer only.</summary>
    public ClientWithSecret? NewSecret { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Actor?.IsPlatformAdmin != true)
            return Denied(NotAllowed);
        Clients = await clients.ListAsync(Actor, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRegisterAsync(CancellationToken ct)
    {
        if (Actor is not { IsPlatformAdmin: true } actor)
            return Denied(NotAllowed);
        PostedForm = "";
        return await ChangeAsync(async () =>
        {
            var created = await clients.RegisterAsync(actor, Input.ToInput(), ct);
            if (created.Secret is null)
                return Done($"{created.Client.DisplayName} is registered as {created.Client.ClientId}.", PageUrl);
            return await ShowSecretAsync(actor, created, ct);
        }, () => ReloadAsync(actor, ct), nameof(Input), typeof(OidcClientForm));
    }

    public async Task<IActionResult> OnPostUpdateAsync(string clientId, CancellationToken ct)
    {
        if (Actor is not { IsPlatformAdmin: true } actor)
            return Denied(NotAllowed);
        PostedForm = clientId;
        return await ChangeAsync(async () =>
        {
            var saved = await clients.UpdateAsync(actor, clientId, Input.ToInput(), ct);
            return Done($"{saved.DisplayName} is saved; its next request follows the new settings.", PageUrl);
        }, () => ReloadAsync(actor, ct), nameof(Input), typeof(OidcClientForm));
    }

    public async Task<IActionResult> OnPostRotateSecretAsync(string clientId, CancellationToken ct)
    {
        if (Actor is not { IsPlatformAdmin: true } actor)
            return Denied(NotAllowed);
        return await ChangeAsync(async () => await ShowSecretAsync(actor, await clients.RotateSecretAsync(actor, clientId, ct), ct),
            () => ReloadAsync(actor, ct));
    }

    public async Task<IActionResult> OnPostDeleteAsync(string clientId, string? confirm, CancellationToken ct)
    {
        if (Actor is not { IsPlatformAdmin: true } actor)
            return Denied(NotAllowed);
        DeletePosted = clientId;
        return await ChangeAsync(async () =>
        {
            // One click would end every sign-in of a service: the admin types the client id, as for deleting a bucket.
            if (!string.Equals(confirm?.Trim(), clientId, StringComparison.Ordinal))
                throw Domain.Errors.ValidationFailedException.For("confirm", $"Type the client id ({clientId}) to delete it with every grant and token it holds.");
            await clients.DeleteAsync(actor, clientId, ct);
            return Done($"{clientId} is deleted, with every grant and token it held.", PageUrl);
        }, () => ReloadAsync(actor, ct));
    }

    /// <summary>The form to draw for a client (or, with null, the register form): as posted when it was the one refused.</summary>
    public OidcClientForm FormFor(ClientView? client) =>
        PostedForm is not null && PostedForm == (client?.ClientId ?? "") ? Input
            : client is null ? new OidcClientForm { Grants = ["authorization_code", "refresh_token"], Scopes = ["openid", "profile", "email"] }
            : OidcClientForm.From(client);

    /// <summary>The messages for one field of the form drawn for <paramref name="client"/> (only the posted form has any).</summary>
    public IEnumerable<string> ErrorsOf(ClientView? client, string field) =>
        PostedForm is not null && PostedForm == (client?.ClientId ?? "") && ModelState.TryGetValue(nameof(Input) + "." + field, out var entry)
            ? entry.Errors.Select(e => e.ErrorMessage)
            : [];

    private async Task<IActionResult> ShowSecretAsync(Nereid.Server.Auth.Actor actor, ClientWithSecret made, CancellationToken ct)
    {
        NewSecret = made;
        PostedForm = null;
        ModelState.Clear();
        Clients = await clients.ListAsync(actor, ct);
        return Page();
    }

    private async Task ReloadAsync(Nereid.Server.Auth.Actor actor, CancellationToken ct) => Clients = await clients.ListAsync(actor, ct);
}
