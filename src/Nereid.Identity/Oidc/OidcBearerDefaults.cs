namespace Nereid.Identity.Oidc;

/// <summary>The <c>oidc-bearer</c> scheme's name, for the server's authorization policies (the schemes behind it are internal).</summary>
public static class OidcBearerDefaults
{
    /// <summary>The scheme name: a policy scheme that forwards to the JwtBearer scheme of the issuer a token names.</summary>
    public const string SchemeName = "oidc-bearer";

    /// <summary>
    /// The JwtBearer scheme for requests no configured issuer claims: no token or an opaque one (no result, so other
    /// schemes such as personal access tokens can run), or a JWT from an issuer that is not configured (refused).
    /// <c>*</c> cannot occur in an issuer name, so this never collides with <see cref="OidcIssuerOptions.BearerSchemeName"/>.
    /// </summary>
    internal const string UnmatchedSchemeName = "oidc-bearer:*";
}
