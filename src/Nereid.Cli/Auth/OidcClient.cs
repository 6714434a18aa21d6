using System.Text.Json;

namespace Nereid.Cli.Auth;

/// <summary>The few OAuth/OIDC calls the CLI makes to an issuer: discovery, token endpoint, device authorization.</summary>
internal sealed class OidcClient(HttpClient http, string issuer, string clientId, TimeProvider time)
{
    public string Issuer { get; } = TokenCache.Normalize(issuer);
    public string ClientId { get; } = clientId;

    public async Task<DiscoveryDocument> DiscoverAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(Issuer + "/.well-known/openid-configuration", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new CliException($"the issuer {Issuer} did not answer discovery (HTTP {(int)response.StatusCode})");
        }
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var root = doc.RootElement;
        string? Str(string n) => root.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        // OpenID Connect Discovery §4.3: a document naming another issuer is a configuration error, not a network one.
        if (Str("issuer") is { } named && TokenCache.Normalize(named) != Issuer)
        {
            throw new CliException($"the discovery document at {Issuer} names the issuer '{named}'; use exactly that as --issuer");
        }
        return new DiscoveryDocument(
            Str("authorization_endpoint") ?? throw new CliException("discovery lacks authorization_endpoint"),
            Str("token_endpoint") ?? throw new CliException("discovery lacks token_endpoint"),
            Str("device_authorization_endpoint"));
    }

    /// <summary>POSTs a grant to the token endpoint. Returns the new cache entry, or an OAuth error code.</summary>
    public async Task<(TokenCacheEntry? Entry, string? Error)> RequestTokensAsync(string tokenEndpoint, Dictionary<string, string> form, string? previousRefreshToken, CancellationToken cancellationToken)
    {
        form["client_id"] = ClientId;
        using var content = new FormUrlEncodedContent(form);
        using var response = await http.PostAsync(tokenEndpoint, content, cancellationToken);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var root = doc.RootElement;
        string? Str(string n) => root.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (!response.IsSuccessStatusCode)
        {
            return (null, Str("error") ?? $"http_{(int)response.StatusCode}");
        }
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var expiresIn = root.TryGetProperty("expires_in", out var e) && e.TryGetInt64(out var s) ? s : 300;
        var idToken = Str("id_token");
        return (new TokenCacheEntry
        {
            Issuer = Issuer,
            ClientId = ClientId,
            IdToken = idToken,
            AccessToken = Str("access_token"),
            // Providers that do not rotate refresh tokens omit it; keep the one we have.
            RefreshToken = Str("refresh_token") ?? previousRefreshToken,
            ExpiresAt = Jwt.Expiry(idToken) ?? now + expiresIn,
            IssuedAt = Jwt.IssuedAt(idToken) ?? now,
            AccessTokenExpiresAt = now + expiresIn,
        }, null);
    }

    public Task<(TokenCacheEntry? Entry, string? Error)> RefreshAsync(string tokenEndpoint, string refreshToken, CancellationToken cancellationToken) =>
        RequestTokensAsync(tokenEndpoint, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }, refreshToken, cancellationToken);

    public async Task<JsonDocument> StartDeviceAuthorizationAsync(string endpoint, string scope, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = ClientId, ["scope"] = scope });
        using var response = await http.PostAsync(endpoint, content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new CliException($"the issuer refused the device login (HTTP {(int)response.StatusCode})");
        }
        return JsonDocument.Parse(body);
    }
}

internal sealed record DiscoveryDocument(string AuthorizationEndpoint, string TokenEndpoint, string? DeviceAuthorizationEndpoint);

/// <summary>An expected failure: its message is printed on stderr and the CLI exits with 1.</summary>
internal sealed class CliException(string message) : Exception(message);
