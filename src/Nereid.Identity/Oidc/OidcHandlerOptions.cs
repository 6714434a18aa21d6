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
}
