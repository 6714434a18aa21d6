namespace Nereid.Identity.Oidc;

/// <summary>The <c>oidc-bearer</c> scheme's name, for the server's authorization policies (the handler itself is internal).</summary>
public static class OidcBearerDefaults
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "oidc-bearer";
}
