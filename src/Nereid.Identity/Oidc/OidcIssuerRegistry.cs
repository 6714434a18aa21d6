using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nereid.Identity.Oidc;

/// <summary>The configured issuers and their metadata caches (one per issuer, shared by all requests of this process).</summary>
internal sealed class OidcIssuerRegistry
{
    /// <summary>Name of the <see cref="IHttpClientFactory"/> client used for all provider calls.</summary>
    public const string HttpClientName = "nereid-oidc";

    private readonly Dictionary<string, OidcMetadataCache> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OidcConfigurationManager> _configurations = new(StringComparer.Ordinal);

    public OidcIssuerRegistry(IOptions<NereidOidcOptions> options, IHttpClientFactory httpClientFactory, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        Options = options.Value;
        var logger = loggerFactory.CreateLogger<OidcMetadataCache>();
        foreach (var issuer in Options.Issuers)
        {
            var http = httpClientFactory.CreateClient(HttpClientName);
            http.Timeout = Options.BackchannelTimeout;
            _byName[issuer.Name] = new OidcMetadataCache(issuer, http, time, logger);
            _configurations[issuer.Name] = new OidcConfigurationManager(issuer, http, time, loggerFactory.CreateLogger<OidcConfigurationManager>());
        }
    }

    public NereidOidcOptions Options { get; }

    /// <summary>The cache of the issuer configured under <paramref name="name"/>, or null.</summary>
    public OidcMetadataCache? FindByName(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The discovery and keys the browser scheme of issuer <paramref name="name"/> uses.</summary>
    public OidcConfigurationManager ConfigurationOf(string name) => _configurations.GetValueOrDefault(name)
        ?? throw new InvalidOperationException($"OIDC issuer '{name}' is not configured.");

    /// <summary>The cache of the issuer whose URL equals a token's <c>iss</c> (trailing slash ignored), or null.</summary>
    public OidcMetadataCache? FindByIssuer(string? iss)
    {
        if (string.IsNullOrEmpty(iss))
        {
            return null;
        }
        var normalized = iss.TrimEnd('/');
        return _byName.Values.FirstOrDefault(c => string.Equals(c.Issuer.NormalizedAuthority, normalized, StringComparison.Ordinal));
    }
}
