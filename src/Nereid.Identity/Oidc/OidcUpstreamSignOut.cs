using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;

namespace Nereid.Identity.Oidc;

/// <summary>
/// Ending a person's session at the provider they signed in with (OpenID Connect RP-Initiated Logout 1.0): which
/// issuer's <c>oidc-&lt;name&gt;</c> scheme to sign out of, if any, and the properties that carry the ID token as
/// <c>id_token_hint</c>. The handler then redirects to the provider's <c>end_session_endpoint</c>, which sends the
/// browser back to the scheme's signed-out callback and from there to the given return path.
/// </summary>
public sealed partial class OidcUpstreamSignOut
{
    /// <summary>Name of the ID token among the external sign-in's authentication tokens (and of the sign-out parameter).</summary>
    public const string IdTokenName = "id_token";

    private readonly OidcIssuerRegistry _registry;
    private readonly ILogger<OidcUpstreamSignOut> _logger;

    internal OidcUpstreamSignOut(OidcIssuerRegistry registry, ILogger<OidcUpstreamSignOut> logger)
    {
        _registry = registry;
        _logger = logger;
    }

    /// <summary>The ID token the provider issued at sign-in, from the external sign-in's properties (null when none was kept).</summary>
    public static string? IdTokenOf(AuthenticationProperties? properties) => properties?.GetTokenValue(IdTokenName);

    /// <summary>
    /// The issuer to sign out of (its scheme is <see cref="OidcIssuerOptions.SchemeName"/>) for a session started through
    /// the issuer named <paramref name="issuerName"/>, or null when that issuer is not configured, has
    /// <see cref="OidcIssuerOptions.SignOutUpstream"/> off, advertises no end-session endpoint, or cannot be asked right
    /// now (the local sign-out stands on its own then).
    /// </summary>
    public async Task<OidcIssuerOptions?> IssuerToSignOutAsync(string issuerName, CancellationToken ct)
    {
        var configuration = _registry.FindByName(issuerName);
        if (configuration is null || !configuration.Issuer.SignOutUpstream)
        {
            return null;
        }
        try
        {
            var metadata = await configuration.GetConfigurationAsync(ct);
            return string.IsNullOrEmpty(metadata.EndSessionEndpoint) ? null : configuration.Issuer;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogDiscoveryFailed(_logger, issuerName, ex);
            return null;
        }
    }

    /// <summary>Sign-out properties: back to <paramref name="returnPath"/> afterwards, with the ID token as hint when there is one.</summary>
    public static AuthenticationProperties Properties(string returnPath, string? idToken)
    {
        var properties = new AuthenticationProperties { RedirectUri = returnPath };
        if (!string.IsNullOrEmpty(idToken))
        {
            properties.SetParameter(IdTokenName, idToken);
        }
        return properties;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signing out locally only: the discovery document of OIDC issuer {IssuerName} could not be read")]
    private static partial void LogDiscoveryFailed(ILogger logger, string issuerName, Exception ex);
}
