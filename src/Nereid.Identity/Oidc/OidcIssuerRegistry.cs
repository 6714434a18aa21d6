using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nereid.Identity.Oidc;

/// <summary>
/// The configured issuers, each with its discovery/JWKS source and ID-token handler (one per issuer, shared by the
/// browser scheme and <c>oidc-bearer</c> in this process, so a key refetch by one serves the other).
/// </summary>
internal sealed class OidcIssuerRegistry
{
    /// <summary>Name of the <see cref="IHttpClientFactory"/> client used for discovery and JWKS.</summary>
    public const string HttpClientName = "nereid-oidc";

    private readonly Dictionary<string, (OidcConfigurationManager Configuration, OidcIdTokenHandler Tokens)> _byName = new(StringComparer.Ordinal);

    public OidcIssuerRegistry(IOptions<NereidOidcOptions> options, IHttpClientFactory httpClientFactory, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        Options = options.Value;
        var logger = loggerFactory.CreateLogger<OidcConfigurationManager>();
        foreach (var issuer in Options.Issuers)
        {
            var http = httpClientFactory.CreateClient(HttpClientName);
            http.Timeout = Options.BackchannelTimeout;
            var configuration = new OidcConfigurationManager(issuer, http, time, logger);
            _byName[issuer.Name] = (configuration, new OidcIdTokenHandler(configuration));
        }
    }

    public NereidOidcOptions Options { get; }

    /// <summary>The discovery and keys of the issuer configured under <paramref name="name"/>, or null.</summary>
    public OidcConfigurationManager? FindByName(string name) => _byName.TryGetValue(name, out var entry) ? entry.Configuration : null;

    /// <summary>The discovery and keys of the issuer configured under <paramref name="name"/>; throws when it is not configured.</summary>
    public OidcConfigurationManager ConfigurationOf(string name) => FindByName(name)
        ?? throw new InvalidOperationException($"OIDC issuer '{name}' is not configured.");

    /// <summary>The ID-token handler of the issuer configured under <paramref name="name"/>.</summary>
    public OidcIdTokenHandler TokenHandlerOf(string name) => _byName.TryGetValue(name, out var entry)
        ? entry.Tokens
        : throw new InvalidOperationException($"OIDC issuer '{name}' is not configured.");

    /// <summary>The issuer whose URL equals a token's <c>iss</c> (trailing slash ignored), or null.</summary>
    public OidcConfigurationManager? FindByIssuer(string? iss)
    {
        if (string.IsNullOrEmpty(iss))
        {
            return null;
        }
        var normalized = iss.TrimEnd('/');
        return _byName.Values.Select(e => e.Configuration)
            .FirstOrDefault(c => string.Equals(c.Issuer.NormalizedAuthority, normalized, StringComparison.Ordinal));
    }
}
