using Microsoft.AspNetCore.Authentication.OAuth;

namespace Nereid.Identity.Oidc;

/// <summary>Options of one <c>oidc-&lt;name&gt;</c> browser scheme; filled from <see cref="OidcIssuerOptions"/> at registration.</summary>
public sealed class OidcHandlerOptions : OAuthOptions
{
    /// <summary>The <see cref="OidcIssuerOptions.Name"/> this scheme logs in with.</summary>
    public string IssuerName { get; set; } = "";

    /// <summary>Where failures are redirected with <c>?error=&lt;code&gt;</c>. Default <c>/login</c>.</summary>
    public string ErrorPath { get; set; } = "/login";

    /// <summary>Whether the userinfo endpoint is called after the code exchange. Default true.</summary>
    public bool CallUserInfo { get; set; } = true;

    /// <summary>
    /// Replaces <see cref="OAuthOptions.Validate()"/>, which demands a client secret: public clients (PKCE only) have none,
    /// and the endpoints are discovered at run time.
    /// </summary>
    public override void Validate()
    {
        if (string.IsNullOrEmpty(IssuerName))
        {
            throw new InvalidOperationException("IssuerName must be set.");
        }
        if (string.IsNullOrEmpty(ClientId))
        {
            throw new InvalidOperationException($"ClientId must be set for OIDC issuer '{IssuerName}'.");
        }
        if (!CallbackPath.HasValue)
        {
            throw new InvalidOperationException($"CallbackPath must be set for OIDC issuer '{IssuerName}'.");
        }
    }
}
