using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Auth;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Account;

/// <summary>Sign-out: GET only shows a button (a link must never end a session), POST revokes the server-side session.</summary>
[AllowAnonymous]
internal sealed class LogoutModel(SessionStore sessions) : NereidPageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Guid.TryParse(User.FindFirst(SessionStore.SessionClaim)?.Value, out var sessionId))
            await sessions.RevokeAsync(sessionId, ct);
        await HttpContext.SignOutAsync(NereidClaims.CookieScheme);
        return Done("You are signed out.", "/");
    }
}
