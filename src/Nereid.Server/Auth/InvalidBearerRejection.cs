using Microsoft.AspNetCore.Authentication;

namespace Nereid.Server.Auth;

/// <summary>
/// An API request that presents a bearer token which fails to authenticate (expired, revoked, unknown issuer) is
/// answered 401 — even on endpoints anonymous callers may use. Quietly treating it as anonymous would make an expired
/// CLI token look like "you see nothing" instead of "log in again".
/// </summary>
internal static class InvalidBearerRejection
{
    /// <summary>Adds the check; must follow <c>UseAuthentication</c>.</summary>
    public static IApplicationBuilder UseInvalidBearerRejection(this IApplicationBuilder app) =>
        app.Use(async (ctx, next) =>
        {
            if (ctx.User.Identity?.IsAuthenticated != true
                && ctx.Request.Path.StartsWithSegments("/api")
                && ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                // The authentication middleware records only successes; handlers memoise, so this re-asks for free.
                && (await ctx.AuthenticateAsync()).Failure is { } failure)
            {
                ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                ctx.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                await Results.Problem(statusCode: 401, title: "The bearer token was not accepted.", detail: failure.Message).ExecuteAsync(ctx);
                return;
            }
            await next(ctx);
        });
}
