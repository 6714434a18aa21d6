using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.Provider;

/// <summary>
/// <c>POST /connect/token</c> after OpenIddict validated the request (client authentication, grant allowed for the
/// client, scopes permitted, code and PKCE verifier checked, refresh token not reused). Client credentials: the subject
/// is the client itself. Authorization code, device code and refresh token: the subject is the person, whose claims and groups are
/// read again from the database each time, so a refresh never carries a removed membership or an old tier.
/// </summary>
internal static class TokenEndpoint
{
    public const string Path = "/connect/token";

    public static IEndpointRouteBuilder MapProviderTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ExchangeAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ExchangeAsync(HttpContext context, IOpenIddictApplicationManager applications, PersonClaims claims)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request is missing.");
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType() || request.IsDeviceCodeGrantType())
        {
            return await PersonGrantAsync(context, claims);
        }
        if (!request.IsClientCredentialsGrantType())
        {
            return Forbid(Errors.UnsupportedGrantType, "This grant type is not supported.");
        }
        var application = await applications.FindByClientIdAsync(request.ClientId!, context.RequestAborted);
        if (application is null)
        {
            return Forbid(Errors.InvalidClient, "The client is not registered.");
        }
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, await applications.GetClientIdAsync(application, context.RequestAborted));
        identity.SetClaim(Claims.Name, await applications.GetDisplayNameAsync(application, context.RequestAborted));
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> PersonGrantAsync(HttpContext context, PersonClaims claims)
    {
        // The principal OpenIddict stored with the code or refresh token it has just validated.
        var grant = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (grant.Principal is null || !Guid.TryParse(grant.Principal.GetClaim(Claims.Subject), out var personId))
        {
            return Forbid(Errors.InvalidGrant, "The grant does not name a person.");
        }
        var identity = await claims.BuildAsync(personId, grant.Principal.GetScopes(), grant.Principal,
            PersonClaims.ClientOf(grant.Principal) ?? context.GetOpenIddictServerRequest()?.ClientId, context.RequestAborted);
        if (identity is null)
        {
            return Forbid(Errors.InvalidGrant, "The person this grant was issued to is suspended or no longer exists.");
        }
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Forbid(string error, string description) => ProviderResults.Forbid(error, description);
}
