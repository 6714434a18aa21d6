using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Nereid.Identity.Oidc;

/// <summary>
/// Discovery document + JWKS of one issuer, cached for <see cref="OidcIssuerOptions.MetadataRefreshInterval"/>.
/// A token signed with an unknown <c>kid</c>, or whose signature fails with the cached key of its <c>kid</c> (a
/// provider that restarted with a new key under the same id), triggers one JWKS refetch, at most once per
/// <see cref="OidcIssuerOptions.UnknownKeyRefreshInterval"/>, so key rotation works without letting forged
/// tokens hammer the provider. Concurrent callers share one fetch.
/// </summary>
internal sealed partial class OidcMetadataCache
{
    private readonly OidcIssuerOptions _issuer;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private OidcMetadata? _current;
    private DateTimeOffset _lastUnknownKeyRefresh = DateTimeOffset.MinValue;

    public OidcMetadataCache(OidcIssuerOptions issuer, HttpClient http, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(http);
        _issuer = issuer;
        _http = http;
        _time = time;
        _logger = logger;
    }

    /// <summary>The issuer these metadata belong to.</summary>
    public OidcIssuerOptions Issuer => _issuer;

    /// <summary>Number of JWKS downloads so far (for diagnostics and tests).</summary>
    public int JwksFetchCount { get; private set; }

    /// <summary>Cached metadata, fetched when missing or stale. Throws <see cref="OidcAuthenticationException"/> (issuer_unreachable) when discovery fails.</summary>
    public async Task<OidcMetadata> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && _time.GetUtcNow() - current.FetchedAt < _issuer.MetadataRefreshInterval)
        {
            return current;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            if (current is not null && _time.GetUtcNow() - current.FetchedAt < _issuer.MetadataRefreshInterval)
            {
                return current;
            }
            _current = await FetchAsync(cancellationToken);
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Called when a token names a <paramref name="kid"/> the cached JWKS lacks. Refetches the JWKS once unless
    /// another refetch for an unknown key happened within the rate-limit window; returns the (possibly new) metadata.
    /// </summary>
    public async Task<OidcMetadata> RefreshForUnknownKeyAsync(string kid, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var current = _current ?? await FetchAsync(cancellationToken);
            if (current.HasKey(kid))
            {
                // Someone else refreshed while we waited.
                _current = current;
                return current;
            }
            var now = _time.GetUtcNow();
            if (now - _lastUnknownKeyRefresh < _issuer.UnknownKeyRefreshInterval)
            {
                LogRefreshSuppressed(_logger, _issuer.Name, kid);
                return current;
            }
            _lastUnknownKeyRefresh = now;
            LogRefreshingKeys(_logger, _issuer.Name, kid);
            var keys = await FetchKeysAsync(current.JwksUri, cancellationToken);
            _current = current with { SigningKeys = keys };
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Called when a token's signature did not verify with <paramref name="used"/> (the metadata it was checked
    /// against). Refetches the JWKS once unless another caller already replaced those keys or a forced refetch
    /// happened within the rate-limit window; returns the (possibly new) metadata.
    /// </summary>
    public async Task<OidcMetadata> RefreshAfterSignatureFailureAsync(OidcMetadata used, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(used);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var current = _current ?? await FetchAsync(cancellationToken);
            if (!ReferenceEquals(current.SigningKeys, used.SigningKeys))
            {
                // Someone else refetched while we waited: try their keys.
                _current = current;
                return current;
            }
            var now = _time.GetUtcNow();
            if (now - _lastUnknownKeyRefresh < _issuer.UnknownKeyRefreshInterval)
            {
                LogSignatureRefreshSuppressed(_logger, _issuer.Name);
                return current;
            }
            _lastUnknownKeyRefresh = now;
            LogRefreshingKeysAfterSignatureFailure(_logger, _issuer.Name);
            var keys = await FetchKeysAsync(current.JwksUri, cancellationToken);
            _current = current with { SigningKeys = keys };
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<OidcMetadata> FetchAsync(CancellationToken cancellationToken)
    {
        var url = _issuer.NormalizedAuthority + "/.well-known/openid-configuration";
        JsonDocument doc;
        try
        {
            using var response = await _http.GetAsync(url, cancellationToken);
            response.EnsureSuccessStatusCode();
            doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogDiscoveryFailed(_logger, _issuer.Name, url, ex);
            throw new OidcAuthenticationException(OidcFailureCodes.IssuerUnreachable, $"discovery for issuer '{_issuer.Name}' failed", ex);
        }
        using (doc)
        {
            var root = doc.RootElement;
            string? Str(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var issuer = Str("issuer");
            if (!string.Equals(issuer?.TrimEnd('/'), _issuer.NormalizedAuthority, StringComparison.Ordinal))
            {
                // OpenID Connect Discovery §4.3: the document must name the issuer it was fetched for.
                LogIssuerMismatch(_logger, _issuer.Name, _issuer.NormalizedAuthority, issuer ?? "");
                throw new OidcAuthenticationException(OidcFailureCodes.IssuerMismatch,
                    $"the discovery document of '{_issuer.Name}' names issuer '{issuer}', not the configured authority '{_issuer.NormalizedAuthority}'");
            }
            var jwksUri = Str("jwks_uri") ?? throw new OidcAuthenticationException(OidcFailureCodes.IssuerUnreachable, "discovery lacks jwks_uri");
            var keys = await FetchKeysAsync(jwksUri, cancellationToken);
            return new OidcMetadata(issuer!, Str("authorization_endpoint") ?? "", Str("token_endpoint") ?? "", Str("userinfo_endpoint"),
                Str("device_authorization_endpoint"), jwksUri, keys, _time.GetUtcNow());
        }
    }

    private async Task<IReadOnlyList<SecurityKey>> FetchKeysAsync(string jwksUri, CancellationToken cancellationToken)
    {
        try
        {
            JwksFetchCount++;
            var json = await _http.GetStringAsync(jwksUri, cancellationToken);
            return new JsonWebKeySet(json).GetSigningKeys().ToList();
        }
        catch (Exception ex) when (ex is HttpRequestException or ArgumentException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogDiscoveryFailed(_logger, _issuer.Name, jwksUri, ex);
            throw new OidcAuthenticationException(OidcFailureCodes.IssuerUnreachable, $"JWKS for issuer '{_issuer.Name}' could not be read", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "OIDC issuer {IssuerName}: the discovery document at {Authority} names issuer {Named}; Authority must equal the provider's issuer exactly")]
    private static partial void LogIssuerMismatch(ILogger logger, string issuerName, string authority, string named);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC metadata for issuer {IssuerName} could not be read from {Url}")]
    private static partial void LogDiscoveryFailed(ILogger logger, string issuerName, string url, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "OIDC issuer {IssuerName}: unknown key id {Kid}, refetching JWKS")]
    private static partial void LogRefreshingKeys(ILogger logger, string issuerName, string kid);

    [LoggerMessage(Level = LogLevel.Information, Message = "OIDC issuer {IssuerName}: a signature did not verify with the cached keys, refetching JWKS")]
    private static partial void LogRefreshingKeysAfterSignatureFailure(ILogger logger, string issuerName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC issuer {IssuerName}: a signature did not verify, JWKS refetch suppressed by rate limit")]
    private static partial void LogSignatureRefreshSuppressed(ILogger logger, string issuerName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC issuer {IssuerName}: unknown key id {Kid}, JWKS refetch suppressed by rate limit")]
    private static partial void LogRefreshSuppressed(ILogger logger, string issuerName, string kid);
}
