namespace Nereid.Server.Auth;

/// <summary>What a request's <c>Authorization: Bearer</c> token is, as far as choosing who validates it goes.</summary>
internal enum BearerKind
{
    /// <summary>No bearer token: the cookie, if any, authenticates.</summary>
    None,

    /// <summary>A personal access token (<c>nrd_…</c>) or anything else that is not a JWT.</summary>
    Opaque,

    /// <summary>Three dot-separated parts: a JWT, Nereid's own or an upstream provider's.</summary>
    Jwt,
}

/// <summary>
/// The one reading of the bearer token that routes a request: the policy scheme picks the handler by it, and
/// <c>Provider/ApiRequestSchemes</c> offers OpenIddict's validation handler only the requests that can reach it.
/// </summary>
internal static class BearerTokens
{
    private const string Prefix = "Bearer ";

    public static BearerKind Classify(HttpRequest request, out ReadOnlySpan<char> token)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.Ordinal))
        {
            token = default;
            return BearerKind.None;
        }
        token = header.AsSpan(Prefix.Length).Trim();
        return token.StartsWith(Tokens.TokenService.SecretPrefix, StringComparison.Ordinal) || token.Count('.') != 2 ? BearerKind.Opaque : BearerKind.Jwt;
    }
}
