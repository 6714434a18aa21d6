using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Nereid.Server.Auth;
using Nereid.Server.Provider.Consent;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.Provider;

/// <summary>
/// <c>/connect/authorize</c> after OpenIddict validated the request (client known, redirect URI an exact match of a
/// registered one, response type and scopes permitted). The person is whoever holds the portal's session cookie;
/// without one they are sent to the sign-in page and come back here. Public clients must use PKCE.
/// </summary>
internal static class AuthorizeEndpoint
{
    public const string Path = "/connect/authorize";

    /// <summary>
    /// Added by the consent page with the person's answer. A forged "denied" can only deny; a forged "allowed" only skips
    /// the page a <c>prompt=consent</c> asked for, which the client could have had by not asking — a consent that is
    /// missing still sends the person to the page.
    /// </summary>
    public const string ConsentParameter = "nereid_consent";
    public const string ConsentDenied = "denied";
    public const string ConsentAllowed = "allowed";

    public static IEndpointRouteBuilder MapProviderAuthorizeEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context, IOpenIddictApplicationManager applications, PersonClaims claims, ConsentService consents)
    {
        var ct = context.RequestAborted;
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request is missing.");
        var application = await applications.FindByClientIdAsync(request.ClientId!, ct);
        if (application is null)
            return ProviderResults.Forbid(Errors.InvalidClient, "The client is not registered.");
        // A public client cannot keep a secret, so only the code verifier proves the code came back to the one who asked.
        if (await applications.HasClientTypeAsync(application, ClientTypes.Public, ct) && string.IsNullOrEmpty(request.CodeChallenge))
            return ProviderResults.Forbid(Errors.InvalidRequest, "Public clients must send a code_challenge (PKCE, RFC 7636).");

        var session = await context.AuthenticateAsync(NereidClaims.CookieScheme);
        var actor = session.Succeeded ? NereidClaims.ToActor(session.Principal) : null;
        if (actor is null)
        {
            if (request.HasPromptValue(PromptValues.None))
                return ProviderResults.Forbid(Errors.LoginRequired, "The person is not signed in to Nereid.");
            var back = context.Request.PathBase + context.Request.Path + QueryString.Create(
                request.GetParameters().Select(p => new KeyValuePair<string, string?>(p.Key, (string?)p.Value)));
            return Results.Challenge(new AuthenticationProperties { RedirectUri = back }, [NereidClaims.CookieScheme]);
        }

        var identity = await claims.BuildAsync(actor.PersonId, request.GetScopes(), previous: null, request.ClientId, ct);
        if (identity is null)
            return ProviderResults.Forbid(Errors.AccessDenied, "The person is suspended or no longer exists.");
        var answer = (string?)request.GetParameter(ConsentParameter);
        if (answer == ConsentDenied)
            return ProviderResults.Forbid(Errors.AccessDenied, "The person did not allow this application.");
        var required = await consents.RequiresConsentAsync(application, ct);
        var consent = required ? await consents.FindAsync(actor.PersonId, application, request.GetScopes(), ct) : null;
        // prompt=consent (OpenID Connect Core 3.1.2.1): ask again even when the person already allowed (or the client is
        // pre-approved), until they answer on the page.
        if ((required && consent is null) || (request.HasPromptValue(PromptValues.Consent) && answer != ConsentAllowed))
        {
            // "none" with another prompt value is refused by OpenIddict before this endpoint runs (invalid_request).
            if (request.HasPromptValue(PromptValues.None))
                return ProviderResults.Forbid(Errors.ConsentRequired, "The person has not allowed this application yet.");
            return Results.Redirect("/connect/consent" + QueryString.Create(
                request.GetParameters().Where(p => p.Key != ConsentParameter).Select(p => new KeyValuePair<string, string?>(p.Key, (string?)p.Value))));
        }
        // Tokens issued under the consent die with it when the person revokes it.
        if (consent is not null)
            identity.SetAuthorizationId(consent);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
