using System.Text.RegularExpressions;

namespace Nereid.Identity.Oidc;

/// <summary>One OpenID provider (CILogon, Keycloak, Authentik, Google…) and the client Nereid is registered as there.</summary>
public sealed partial class OidcIssuerOptions
{
    private static readonly string[] DefaultAlgorithms = ["RS256", "ES256", "PS256"];

    /// <summary>Short lowercase name; the browser scheme is <c>oidc-&lt;Name&gt;</c>. Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>Label on the login page. Default: <see cref="Name"/>.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Issuer URL (exactly the <c>iss</c> the provider puts in tokens); discovery is read from
    /// <c>&lt;Authority&gt;/.well-known/openid-configuration</c>. Must be https except on loopback. Required.</summary>
    public string Authority { get; set; } = "";

    /// <summary>Client id registered at the provider; the expected ID-token audience. Required.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>Client secret for the confidential web client (sent with HTTP Basic). Default: none (public client, PKCE only).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Requested scopes. Default <c>openid profile email</c>, plus <c>org.cilogon.userinfo</c> when the authority is on cilogon.org.
    /// <c>openid</c> is always added.</summary>
    public List<string>? Scopes { get; set; }

    /// <summary>Further audiences the <c>oidc-bearer</c> scheme accepts for this issuer (e.g. the CLI's client id). Default: none.</summary>
    public List<string>? Audiences { get; set; }

    /// <summary>Which claims carry which part of the identity. Default: CILogon names.</summary>
    public OidcClaimMapOptions ClaimMap { get; set; } = new();

    /// <summary>Accepted JWS algorithms. Default RS256, ES256, PS256 (never <c>none</c> or HS*).</summary>
    public List<string>? AllowedAlgorithms { get; set; }

    /// <summary>Tolerated clock difference for <c>exp</c>/<c>nbf</c>. Default 60 s.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Callback path of the browser flow. Default <c>/signin-oidc/&lt;Name&gt;</c>.</summary>
    public string? CallbackPath { get; set; }

    /// <summary>Whether the browser flow calls the userinfo endpoint (when advertised). Default true.</summary>
    public bool CallUserInfo { get; set; } = true;

    /// <summary>
    /// Whether signing out of Nereid also ends the session at this provider (RP-initiated logout), when its discovery
    /// document has an <c>end_session_endpoint</c>. Default: true.
    /// </summary>
    public bool SignOutUpstream { get; set; } = true;

    /// <summary>How long discovery and JWKS are cached before a normal refresh. Default 1 hour.</summary>
    public TimeSpan MetadataRefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Minimum time between two JWKS refetches caused by an unknown <c>kid</c> (stops a flood of forged kids). Default 30 s.</summary>
    public TimeSpan UnknownKeyRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The scheme name of the browser flow.</summary>
    public string SchemeName => "oidc-" + Name;

    /// <summary>The JwtBearer scheme <c>oidc-bearer</c> forwards this issuer's tokens to (<c>:</c> keeps it apart from any browser scheme).</summary>
    internal string BearerSchemeName => "oidc-bearer:" + Name;

    /// <summary>Authority without a trailing slash (how issuers are compared).</summary>
    public string NormalizedAuthority => Authority.TrimEnd('/');

    public IReadOnlyList<string> EffectiveScopes()
    {
        var scopes = new List<string>(Scopes is { Count: > 0 } ? Scopes : ["openid", "profile", "email"]);
        if (Scopes is not { Count: > 0 } && Uri.TryCreate(Authority, UriKind.Absolute, out var uri)
            && (uri.Host == "cilogon.org" || uri.Host.EndsWith(".cilogon.org", StringComparison.OrdinalIgnoreCase)))
        {
            scopes.Add("org.cilogon.userinfo");
        }
        if (!scopes.Contains("openid"))
        {
            scopes.Insert(0, "openid");
        }
        return scopes;
    }

    public IReadOnlyList<string> EffectiveAlgorithms() => AllowedAlgorithms is { Count: > 0 } ? AllowedAlgorithms : DefaultAlgorithms;

    public string EffectiveCallbackPath() => CallbackPath ?? "/signin-oidc/" + Name;

    /// <summary>Throws <see cref="InvalidOperationException"/> describing the first bad setting.</summary>
    public void Validate()
    {
        if (!NamePattern().IsMatch(Name))
        {
            throw new InvalidOperationException($"OIDC issuer name '{Name}' must match [a-z0-9][a-z0-9-]*.");
        }
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            throw new InvalidOperationException($"OIDC issuer '{Name}': Authority must be an absolute https URL (http only on loopback).");
        }
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            throw new InvalidOperationException($"OIDC issuer '{Name}': ClientId is required.");
        }
        foreach (var alg in EffectiveAlgorithms())
        {
            if (alg.Equals("none", StringComparison.OrdinalIgnoreCase) || alg.StartsWith("HS", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"OIDC issuer '{Name}': algorithm {alg} is not allowed with public keys.");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex NamePattern();
}
