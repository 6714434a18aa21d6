using System.Globalization;
using Microsoft.Extensions.Options;
using Nereid.Identity.Oidc;

namespace Nereid.Server.Security;

/// <summary>
/// The headers every response carries, pages and API alike. The policy allows scripts and styles only from this server's
/// own files (no inline code anywhere), so injected markup cannot run; frames are refused outright.
/// </summary>
internal sealed class SecurityHeaders
{
    public const string PermissionsPolicy = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";
    public const string ReferrerPolicy = "same-origin";

    private readonly string _hsts;

    public SecurityHeaders(IOptions<SecurityOptions> options, IOptions<NereidOidcOptions> oidc)
    {
        var o = options.Value;
        // A form's redirect counts against form-action in Chromium, and "Sign in with <institution>" is a form that
        // redirects to the issuer, so each configured issuer's origin is allowed too.
        var formTargets = oidc.Value.Issuers.Select(i => Origin(i.Authority)).Concat(o.ExtraFormActionOrigins.Select(Origin))
            .Where(x => x is not null).Distinct(StringComparer.OrdinalIgnoreCase);
        ContentSecurityPolicy = string.Join("; ",
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'", "connect-src 'self'",
            "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", string.Join(' ', ["form-action 'self'", .. formTargets]));
        _hsts = "max-age=" + ((long)o.HstsMaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture) + (o.HstsIncludeSubDomains ? "; includeSubDomains" : "");
    }

    public string ContentSecurityPolicy { get; }

    /// <summary>Sets the headers when the response starts, whatever wrote it (endpoint, error page, static file, 404).</summary>
    public void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = ReferrerPolicy;
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        // IsHttps is true for TLS on this server, or when a trusted proxy said so (forwarded headers are off by default).
        if (context.Request.IsHttps)
            headers.StrictTransportSecurity = _hsts;
    }

    private static string? Origin(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.GetLeftPart(UriPartial.Authority) : null;
}
