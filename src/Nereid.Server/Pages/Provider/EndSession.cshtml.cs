using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Auth;
using Nereid.Server.Pages.Shared;
using OpenIddict.Server.AspNetCore;

namespace Nereid.Server.Pages.Provider;

/// <summary>
/// RP-initiated logout. OpenIddict has validated the request first (an unregistered <c>post_logout_redirect_uri</c> was
/// dropped by <see cref="Nereid.Server.Provider.UnregisteredPostLogoutRedirect"/>). A GET only asks (a link must never end
/// a session); the POST ends the portal session, then sends the person back to the client's registered URI with its
/// state, or shows a plain signed-out page when there is none.
/// </summary>
internal sealed class EndSessionModel(SessionStore sessions) : NereidPageModel
{
    /// <summary>The request's parameters, carried through the confirmation form.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; private set; } = [];

    public bool SignedOut { get; private set; }

    public IActionResult OnGet()
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request is missing.");
        // Nobody is signed in here, so there is nothing to confirm.
        if (Actor is null)
            return Finish(request.PostLogoutRedirectUri);
        Parameters = [.. request.GetParameters()
            .Where(p => (string?)p.Value is not null)
            .Select(p => new KeyValuePair<string, string>(p.Key, (string)p.Value!))];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request is missing.");
        if (Guid.TryParse(User.FindFirst(SessionStore.SessionClaim)?.Value, out var sessionId))
            await sessions.RevokeAsync(sessionId, ct);
        await HttpContext.SignOutAsync(NereidClaims.CookieScheme);
        return Finish(request.PostLogoutRedirectUri);
    }

    private IActionResult Finish(string? postLogoutRedirectUri)
    {
        if (!string.IsNullOrEmpty(postLogoutRedirectUri))
            // OpenIddict redirects to the validated, registered URI and appends the client's state.
            return SignOut(new AuthenticationProperties(), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        SignedOut = true;
        return Page();
    }
}
