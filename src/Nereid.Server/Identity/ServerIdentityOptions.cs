using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Identity;

/// <summary>Server-side identity settings, bound from <c>Nereid:Identity</c> (the OIDC issuers live under <c>Nereid:Identity:Oidc</c>).</summary>
internal sealed class ServerIdentityOptions
{
    public const string Section = "Nereid:Identity";

    /// <summary>
    /// Issuer URL written into downloaded kubeconfigs (what the API servers' <c>--oidc-issuer-url</c> trusts).
    /// Default: the authority of the first configured OIDC issuer.
    /// </summary>
    [Url]
    public string? KubeconfigIssuer { get; set; }

}
