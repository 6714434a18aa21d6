using System.Text.Json.Serialization;

namespace Nereid.Cli.Auth;

/// <summary>Tokens of one (issuer, client id) pair as stored in the cache file.</summary>
internal sealed record TokenCacheEntry
{
    [JsonPropertyName("issuer")] public required string Issuer { get; init; }
    [JsonPropertyName("client_id")] public required string ClientId { get; init; }
    [JsonPropertyName("id_token")] public string? IdToken { get; init; }
    [JsonPropertyName("access_token")] public string? AccessToken { get; init; }
    [JsonPropertyName("refresh_token")] public string? RefreshToken { get; init; }
    /// <summary>Expiry of <see cref="IdToken"/> (its <c>exp</c>), Unix seconds.</summary>
    [JsonPropertyName("expires_at")] public long ExpiresAt { get; init; }
    /// <summary>Issue time of <see cref="IdToken"/> (its <c>iat</c>, else when it was received), Unix seconds; with
    /// <see cref="ExpiresAt"/> it gives the lifetime the refresh margin scales with. 0 in caches written before.</summary>
    [JsonPropertyName("issued_at")] public long IssuedAt { get; init; }
    /// <summary>Expiry of <see cref="AccessToken"/>, Unix seconds.</summary>
    [JsonPropertyName("access_token_expires_at")] public long AccessTokenExpiresAt { get; init; }
}

/// <summary>Which issuer and client the last <c>nereid login</c> used (default for API commands).</summary>
internal sealed record LastLogin
{
    [JsonPropertyName("issuer")] public required string Issuer { get; init; }
    [JsonPropertyName("client_id")] public required string ClientId { get; init; }
}
