using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nereid.Identity.Oidc;
using Nereid.Server.Auth;
using Nereid.Server.Provider;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Account;

/// <summary>
/// Sign-out: GET only shows a button (a link must never end a session), POST revokes the server-side session and, for a
/// federated sign-in whose provider supports it, ends the provider's session too (RP-initiated logout) before coming back.
/// </summary>
[AllowAnonymous]
internal sealed class LogoutModel(SessionStore sessions, OidcUpstreamSignOut upstream, EndSessionReturn returns) : NereidPageModel
{
    public void OnGet()
    {
    }

    /// <summary>
    /// Back from the upstream provider's logout that an application's end-session request was chained to: on to the
    /// application's validated <c>post_logout_redirect_uri</c>, carried protected (<see cref="EndSessionReturn"/>); an
    /// altered, forged or expired value sends nobody anywhere.
    /// </summary>
    public IActionResult OnGetReturn(string? r)
    {
        if (!returns.TryRead(r, out var target))
            return Done("You are signed out. The application's return address could not be verified, so you stay on Nereid.", "/");
        return target.Length == 0 ? Done("You are signed out.", "/") : Redirect(target);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var ended = Guid.TryParse(User.FindFirst(SessionStore.SessionClaim)?.Value, out var sessionId)
            ? await sessions.EndAsync(sessionId, ct)
            : null;
        await HttpContext.SignOutAsync(NereidClaims.CookieScheme);
        if (ended is { } session && await upstream.IssuerToSignOutAsync(session.Method, ct) is { } issuer)
        {
            // Shown once the provider sends the browser back (the message waits in TempData meanwhile).
            Flash($"You are signed out, also at {issuer.DisplayName ?? issuer.Name}.");
            return SignOut(OidcUpstreamSignOut.Properties("/", session.UpstreamIdToken), issuer.SchemeName);
        }
        return Done("You are signed out.", "/");
    }
}
