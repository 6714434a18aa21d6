using System.ComponentModel.DataAnnotations;

namespace Nereid.Identity.Oidc;

/// <summary>
/// Federated login settings, bound from <c>Nereid:Identity:Oidc</c>. Each entry of <see cref="Issuers"/>
/// (<c>Nereid:Identity:Oidc:Issuers:&lt;n&gt;</c>) becomes one browser scheme <c>oidc-&lt;name&gt;</c>;
/// all of them are accepted by the <c>oidc-bearer</c> scheme.
/// </summary>
public sealed class NereidOidcOptions
{
    /// <summary>Configuration section the options are bound from.</summary>
    public const string SectionName = "Nereid:Identity:Oidc";

    /// <summary>The OpenID providers people may log in with. Default: none.</summary>
    public List<OidcIssuerOptions> Issuers { get; set; } = [];

    /// <summary>Scheme the browser handlers sign the external identity into (a cookie the integrator adds). Default <c>nereid-external</c>.</summary>
    [Required]
    public string SignInScheme { get; set; } = "nereid-external";

    /// <summary>Where failed logins are redirected, with <c>?error=&lt;code&gt;</c> (see <see cref="OidcFailureCodes"/>). Default <c>/login</c>.</summary>
    [Required]
    public string ErrorPath { get; set; } = "/login";

    /// <summary>Timeout for discovery, JWKS, token and userinfo requests. Default 10 s.</summary>
    public TimeSpan BackchannelTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws when the settings cannot work (missing names, duplicate names, non-https authority off loopback).</summary>
    public void Validate()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var issuer in Issuers)
        {
            issuer.Validate();
            if (!names.Add(issuer.Name))
            {
                throw new InvalidOperationException($"OIDC issuer name '{issuer.Name}' is configured twice.");
            }
        }
    }
}
