using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Nereid.Identity.Oidc;
using Nereid.Server.Auth;
using Nereid.Server.Provider;
using Nereid.Server.Pages.Shared;
using OpenIddict.Server.AspNetCore;

namespace Nereid.Server.Pages.Provider;

/// <summary>
/// RP-initiated logout. OpenIddict has validated the request first (an unregistered <c>post_logout_redirect_uri</c> was
/// dropped by <see cref="Nereid.Server.Provider.UnregisteredPostLogoutRedirect"/>). A GET only asks (a link must never end
/// a session); the POST ends the portal session, then sends the person back to the client's registered URI with its
/// state, or shows a plain signed-out page when there is none. A session that came from an upstream provider able to end
/// its own session goes there first (<see cref="EndSessionReturn"/> carries the validated URI through that round trip).
/// </summary>
internal sealed class EndSessionModel(SessionStore sessions, OidcUpstreamSignOut upstream, EndSessionReturn returns) : NereidPageModel
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
        var ended = Guid.TryParse(User.FindFirst(SessionStore.SessionClaim)?.Value, out var sessionId)
            ? await sessions.EndAsync(sessionId, ct)
            : null;
        await HttpContext.SignOutAsync(NereidClaims.CookieScheme);
        if (ended is { } session && await upstream.IssuerToSignOutAsync(session.Method, ct) is { } issuer)
            // The provider returns the browser to its scheme's signed-out callback, which continues to EndSessionPaths.Return.
            return SignOut(OidcUpstreamSignOut.Properties(returns.PathFor(request.PostLogoutRedirectUri, request.State), session.UpstreamIdToken),
                issuer.SchemeName);
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
