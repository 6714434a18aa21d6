using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nereid.Server.Pages.Shared;
using Nereid.Server.Provider;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.Pages.Provider;

/// <summary>
/// The device flow's verification page (RFC 8628 §3.3): the signed-in person enters the code their device shows (or
/// arrives with it in <c>verification_uri_complete</c>), sees which client asks for which scopes, and approves or denies.
/// OpenIddict has already looked the user code up when this page runs; approving signs the device code in for the person.
/// </summary>
[Authorize]
internal sealed class VerifyModel : NereidPageModel
{
    /// <summary>The code as the person typed it (OpenIddict ignores the dash and case).</summary>
    public string? UserCode { get; private set; }

    /// <summary>The client asking, once the code is known; null while the form asks for a code.</summary>
    public string? ClientName { get; private set; }

    public string[] Scopes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request is missing.");
        UserCode = request.UserCode;
        if (string.IsNullOrEmpty(UserCode))
            return Page();
        var pending = await PendingAsync();
        if (pending is null)
            return Invalid();
        ClientName = await ClientNameAsync(pending);
        Scopes = [.. pending.GetScopes()];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? decision)
    {
        var pending = await PendingAsync();
        if (pending is null)
            return Invalid();
        var home = new AuthenticationProperties { RedirectUri = "/" };
        if (decision != "approve")
        {
            Flash("The device was denied: it gets no token.");
            return Forbid(home, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }
        var claims = HttpContext.RequestServices.GetRequiredService<PersonClaims>();
        var identity = await claims.BuildAsync(Actor!.PersonId, pending.GetScopes(), previous: null, pending.GetClaim(Claims.ClientId), HttpContext.RequestAborted);
        if (identity is null)
            return Denied("Your account is suspended: no device can be approved for it.");
        Flash("The device is approved: it can continue now.");
        return SignIn(new ClaimsPrincipal(identity), home, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The device request behind the user code, or null when the code is unknown, expired or already used.</summary>
    private async Task<ClaimsPrincipal?> PendingAsync()
    {
        var result = await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        return result.Succeeded && !string.IsNullOrEmpty(result.Principal.GetClaim(Claims.ClientId)) ? result.Principal : null;
    }

    private async Task<string> ClientNameAsync(ClaimsPrincipal pending)
    {
        var clientId = pending.GetClaim(Claims.ClientId)!;
        var applications = HttpContext.RequestServices.GetRequiredService<IOpenIddictApplicationManager>();
        var application = await applications.FindByClientIdAsync(clientId, HttpContext.RequestAborted);
        return application is null ? clientId : await applications.GetDisplayNameAsync(application, HttpContext.RequestAborted) ?? clientId;
    }

    private PageResult Invalid()
    {
        UserCode = null;
        Problem = "That code is not valid: it may be mistyped, expired or already used. Check the code your device shows.";
        var page = Page();
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }
}
