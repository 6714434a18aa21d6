using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nereid.Server.Pages.Shared;
using Nereid.Server.Provider;
using Nereid.Server.Provider.Consent;
using OpenIddict.Abstractions;

namespace Nereid.Server.Pages.Provider;

/// <summary>
/// Where <c>/connect/authorize</c> sends a signed-in person when a "consent required" client has no consent of theirs
/// covering the scopes it asks for. The page carries the authorization request's parameters through and sends the
/// person back to <c>/connect/authorize</c> with them, which validates everything again: Allow stores the consent first
/// (antiforgery-protected, so no other site can allow for the person); Deny marks the request denied, which the
/// endpoint answers with <c>access_denied</c> to the client.
/// </summary>
[Authorize]
internal sealed class ConsentModel(IOpenIddictApplicationManager applications, ConsentService consents) : NereidPageModel
{
    /// <summary>The authorization request as received, to be sent back unchanged.</summary>
    public List<(string Name, string Value)> Parameters { get; } = [];

    public string? ClientName { get; private set; }
    public string[] Scopes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Read(Request.Query.Select(p => (p.Key, p.Value.ToString())));
        return await ClientAsync(ct) is null ? Unknown() : Page();
    }

    public async Task<IActionResult> OnPostAsync(string? decision, CancellationToken ct)
    {
        Read(Request.Form.Where(p => p.Key is not ("decision" or "__RequestVerificationToken")).Select(p => (p.Key, p.Value.ToString())));
        var application = await ClientAsync(ct);
        if (application is null)
            return Unknown();
        var back = Parameters.Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)).ToList();
        if (decision == "allow")
        {
            // A pre-approved client asking with prompt=consent has nothing to remember: the platform allowed it for everyone.
            if (await consents.RequiresConsentAsync(application, ct))
                await consents.GrantAsync(Actor!, application, [.. Scopes], ct);
            back.Add(new(AuthorizeEndpoint.ConsentParameter, AuthorizeEndpoint.ConsentAllowed));
        }
        else
        {
            back.Add(new(AuthorizeEndpoint.ConsentParameter, AuthorizeEndpoint.ConsentDenied));
        }
        return LocalRedirect(AuthorizeEndpoint.Path + QueryString.Create(back));
    }

    private void Read(IEnumerable<(string Name, string Value)> parameters)
    {
        Parameters.AddRange(parameters.Where(p => p.Name != AuthorizeEndpoint.ConsentParameter));
        Scopes = [.. Parameters.Where(p => p.Name == "scope").SelectMany(p => p.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The client asking, when it is registered and requires consent or asked for it with <c>prompt=consent</c>.</summary>
    private async Task<object?> ClientAsync(CancellationToken ct)
    {
        var clientId = Parameters.FirstOrDefault(p => p.Name == "client_id").Value;
        var prompted = Parameters.Where(p => p.Name == "prompt").Any(p => p.Value.Split(' ').Contains(OpenIddictConstants.PromptValues.Consent));
        if (string.IsNullOrEmpty(clientId) || await applications.FindByClientIdAsync(clientId, ct) is not { } application
            || !(prompted || await consents.RequiresConsentAsync(application, ct)))
            return null;
        ClientName = await applications.GetDisplayNameAsync(application, ct) ?? clientId;
        return application;
    }

    private PageResult Unknown()
    {
        ClientName = null;
        Problem = "There is nothing to allow here: this page opens when an application that asks for your consent sends you to Nereid to sign in.";
        var page = Page();
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }
}
