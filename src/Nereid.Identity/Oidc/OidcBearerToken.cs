using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Nereid.Identity.Oidc;

/// <summary>
/// Reads the bearer JWT of a request before it is validated: whether there is one, and the issuer it names, so
/// <c>oidc-bearer</c> can pick the issuer's JwtBearer scheme (whose audience and keys are that issuer's).
/// </summary>
internal static class OidcBearerToken
{
    private static readonly JsonWebTokenHandler Reader = new();

    /// <summary>The <c>Authorization: Bearer</c> token when it has the shape of a JWS (three dot-separated parts); null otherwise,
    /// e.g. an opaque personal access token, which is not ours.</summary>
    public static string? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = header["Bearer ".Length..].Trim();
        return token.Count(c => c == '.') == 2 ? token : null;
    }

    /// <summary>The token's header and claims, unvalidated; null when it cannot be read as a JWT.</summary>
    public static JsonWebToken? Parse(string token)
    {
        try
        {
            return Reader.CanReadToken(token) ? Reader.ReadJsonWebToken(token) : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary><c>ForwardDefaultSelector</c> of <c>oidc-bearer</c>: the JwtBearer scheme of the configured issuer the token names,
    /// else <see cref="OidcBearerDefaults.UnmatchedSchemeName"/>.</summary>
    public static string SelectScheme(HttpContext context, OidcIssuerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(registry);
        var token = Read(context.Request);
        var issuer = token is null ? null : registry.FindByIssuer(Parse(token)?.Issuer);
        return issuer?.Issuer.BearerSchemeName ?? OidcBearerDefaults.UnmatchedSchemeName;
    }
}
