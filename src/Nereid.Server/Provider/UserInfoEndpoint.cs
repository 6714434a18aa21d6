using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.Provider;

/// <summary>
/// <c>/connect/userinfo</c> after OpenIddict validated the access token (its own issuer, its own keys, not revoked).
/// The claims are read fresh from the database, not copied from the token.
/// </summary>
internal static class UserInfoEndpoint
{
    public const string Path = "/connect/userinfo";

    public static IEndpointRouteBuilder MapProviderUserInfoEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], UserInfoAsync).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> UserInfoAsync(HttpContext context, PersonClaims claims)
    {
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (result.Principal is null || !Guid.TryParse(result.Principal.GetClaim(Claims.Subject), out var personId))
            return ProviderResults.Challenge(Errors.InvalidToken, "The access token does not name a person.");
        var identity = await claims.BuildAsync(personId, result.Principal.GetScopes(), previous: null, PersonClaims.ClientOf(result.Principal), context.RequestAborted);
        if (identity is null)
            return ProviderResults.Challenge(Errors.InvalidToken, "The person is suspended or no longer exists.");
        return Results.Json(PersonClaims.UserInfo(identity));
    }
}
