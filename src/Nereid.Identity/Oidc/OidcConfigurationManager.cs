using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Nereid.Identity.Oidc;

/// <summary>
/// Discovery and JWKS of one issuer for the framework's OpenID Connect handler, parsed by the framework's
/// <see cref="OpenIdConnectConfigurationRetriever"/>. Stands in for the framework's <c>ConfigurationManager</c> because
/// that one refreshes in the background after <see cref="RequestRefresh"/>: the login that saw a replaced key would
/// still be refused. Here a refresh is fetched before the answer, shared by concurrent callers, and rate-limited to one
/// per <see cref="OidcIssuerOptions.UnknownKeyRefreshInterval"/> so forged tokens cannot hammer the provider.
/// The discovery document must name the configured issuer (OpenID Connect Discovery §4.3).
/// </summary>
internal sealed partial class OidcConfigurationManager : IConfigurationManager<OpenIdConnectConfiguration>
{
    private readonly OidcIssuerOptions _issuer;
    private readonly IDocumentRetriever _documents;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _rateLimit = new();
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _fetchedAt;
    private DateTimeOffset _lastForcedRefresh = DateTimeOffset.MinValue;
    private volatile bool _refreshRequested;

    public OidcConfigurationManager(OidcIssuerOptions issuer, HttpClient http, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(http);
        _issuer = issuer;
        // Options validation allows http only on loopback.
        _documents = new HttpDocumentRetriever(http) { RequireHttps = issuer.Authority.StartsWith("https:", StringComparison.OrdinalIgnoreCase) };
        _time = time;
        _logger = logger;
    }

    /// <summary>The issuer this configuration belongs to.</summary>
    public OidcIssuerOptions Issuer => _issuer;

    /// <summary>Number of discovery + JWKS downloads so far (for diagnostics and tests).</summary>
    public int FetchCount { get; private set; }

    private string MetadataAddress => _issuer.NormalizedAuthority + "/.well-known/openid-configuration";

    /// <summary>Cached configuration, fetched when missing, stale or a refresh was requested. Throws <see cref="OidcAuthenticationException"/>
    /// (<c>issuer_unreachable</c> or <c>issuer_mismatch</c>) when discovery fails.</summary>
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        if (Fresh() is { } current)
        {
            return current;
        }
        await _gate.WaitAsync(cancel);
        try
        {
            return Fresh() ?? await FetchAsync(cancel);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Marks the configuration stale unless a forced refresh happened within the rate-limit window
    /// (the framework calls this after a token named an unknown key).</summary>
    public void RequestRefresh()
    {
        lock (_rateLimit)
        {
            if (TryTakeForcedRefresh())
            {
                _refreshRequested = true;
            }
        }
    }

    /// <summary>
    /// Called when a signature did not verify with <paramref name="usedKeys"/>. Returns newer configuration when another
    /// caller already replaced those keys or a refetch is allowed now; null when rate-limited (the verdict stands).
    /// </summary>
    public async Task<OpenIdConnectConfiguration?> RefreshAfterSignatureFailureAsync(IEnumerable<SecurityKey>? usedKeys, CancellationToken cancel)
    {
        await _gate.WaitAsync(cancel);
        try
        {
            if (_current is not null && !ReferenceEquals(_current.SigningKeys, usedKeys))
            {
                return _current;
            }
            bool allowed;
            lock (_rateLimit)
            {
                allowed = TryTakeForcedRefresh();
            }
            if (!allowed)
            {
                LogRefreshSuppressed(_logger, _issuer.Name);
                return null;
            }
            LogRefreshingKeys(_logger, _issuer.Name);
            return await FetchAsync(cancel);
        }
        finally
        {
            _gate.Release();
        }
    }

    private OpenIdConnectConfiguration? Fresh()
    {
        var current = Volatile.Read(ref _current);
        return current is not null && !_refreshRequested && _time.GetUtcNow() - _fetchedAt < _issuer.MetadataRefreshInterval ? current : null;
    }

    private bool TryTakeForcedRefresh()
    {
        var now = _time.GetUtcNow();
        if (now - _lastForcedRefresh < _issuer.UnknownKeyRefreshInterval)
        {
            return false;
        }
        _lastForcedRefresh = now;
        return true;
    }

    private async Task<OpenIdConnectConfiguration> FetchAsync(CancellationToken cancel)
    {
        OpenIdConnectConfiguration configuration;
        try
        {
            FetchCount++;
            configuration = await OpenIdConnectConfigurationRetriever.GetAsync(MetadataAddress, _documents, cancel);
        }
        catch (Exception ex) when (!cancel.IsCancellationRequested)
        {
            LogDiscoveryFailed(_logger, _issuer.Name, MetadataAddress, ex);
            throw new OidcAuthenticationException(OidcFailureCodes.IssuerUnreachable, $"discovery for issuer '{_issuer.Name}' failed", ex);
        }
        if (!string.Equals(configuration.Issuer?.TrimEnd('/'), _issuer.NormalizedAuthority, StringComparison.Ordinal))
        {
            LogIssuerMismatch(_logger, _issuer.Name, _issuer.NormalizedAuthority, configuration.Issuer ?? "");
            throw new OidcAuthenticationException(OidcFailureCodes.IssuerMismatch,
                $"the discovery document of '{_issuer.Name}' names issuer '{configuration.Issuer}', not the configured authority '{_issuer.NormalizedAuthority}'");
        }
        if (string.IsNullOrEmpty(configuration.JwksUri))
        {
            throw new OidcAuthenticationException(OidcFailureCodes.IssuerUnreachable, $"the discovery document of '{_issuer.Name}' lacks jwks_uri");
        }
        _fetchedAt = _time.GetUtcNow();
        _refreshRequested = false;
        Volatile.Write(ref _current, configuration);
        return configuration;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "OIDC issuer {IssuerName}: the discovery document at {Authority} names issuer {Named}; Authority must equal the provider's issuer exactly")]
    private static partial void LogIssuerMismatch(ILogger logger, string issuerName, string authority, string named);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC metadata for issuer {IssuerName} could not be read from {Url}")]
    private static partial void LogDiscoveryFailed(ILogger logger, string issuerName, string url, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "OIDC issuer {IssuerName}: a signature did not verify with the cached keys, refetching discovery and JWKS")]
    private static partial void LogRefreshingKeys(ILogger logger, string issuerName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC issuer {IssuerName}: a signature did not verify, refetch suppressed by rate limit")]
    private static partial void LogRefreshSuppressed(ILogger logger, string issuerName);
}
