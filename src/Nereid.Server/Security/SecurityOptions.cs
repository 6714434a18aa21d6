using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Security;

/// <summary>Browser-side defences and proxy trust. Section <c>Nereid:Security</c>.</summary>
internal sealed class SecurityOptions : IValidatableObject
{
    public const string Section = "Nereid:Security";

    /// <summary>max-age of <c>Strict-Transport-Security</c>, sent only on HTTPS requests (directly, or from a trusted proxy). Default: 365 days.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "730.00:00:00")]
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Adds <c>includeSubDomains</c> to HSTS; only when every subdomain is served over HTTPS. Default: false.</summary>
    public bool HstsIncludeSubDomains { get; set; }

    /// <summary>
    /// Proxy addresses whose <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> are believed (exact IPs). Default: none — forwarded
    /// headers are ignored, so nobody can make the server think a request came over HTTPS or from another address.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. <c>10.0.0.0/8</c>) whose forwarded headers are believed, as for <see cref="TrustedProxies"/>. Default: none.</summary>
    public List<string> TrustedNetworks { get; set; } = [];

    /// <summary>
    /// Origins, besides this server and the configured OIDC issuers, that forms may submit to or redirect to after a submission
    /// (CSP <c>form-action</c>). Default: none.
    /// </summary>
    public List<string> ExtraFormActionOrigins { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var ip in TrustedProxies.Where(p => !System.Net.IPAddress.TryParse(p, out _)))
            yield return new ValidationResult($"'{ip}' is not an IP address.", [nameof(TrustedProxies)]);
        foreach (var net in TrustedNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
            yield return new ValidationResult($"'{net}' is not a network in CIDR notation.", [nameof(TrustedNetworks)]);
        foreach (var origin in ExtraFormActionOrigins.Where(o => !Uri.TryCreate(o, UriKind.Absolute, out var u) || u.Scheme is not ("https" or "http") || u.PathAndQuery != "/"))
            yield return new ValidationResult($"'{origin}' is not an origin such as https://idp.example.edu.", [nameof(ExtraFormActionOrigins)]);
    }
}
