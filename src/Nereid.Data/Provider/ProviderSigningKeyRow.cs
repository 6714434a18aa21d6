namespace Nereid.Data.Provider;

/// <summary>
/// One signing key of Nereid's own OpenID provider, shared by every replica. <see cref="ProtectedKey"/> is the
/// private key protected with the Data Protection key ring (itself kept in the database), never plain text.
/// A key signs from <see cref="CreatedAt"/> until <see cref="RetiresAt"/>, and stays published in the JWKS until
/// <see cref="ExpiresAt"/>, after the last token it signed has expired.
/// </summary>
public sealed class ProviderSigningKeyRow
{
    public const int MaxIdLength = 64;
    public const int MaxAlgorithmLength = 16;

    /// <summary>The key id (<c>kid</c>).</summary>
    public required string Id { get; init; }

    /// <summary>JWS algorithm, e.g. <c>RS256</c>.</summary>
    public required string Algorithm { get; init; }

    /// <summary>The private key (PKCS#8), protected with Data Protection and base64-encoded.</summary>
    public required string ProtectedKey { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>After this the key signs nothing new.</summary>
    public DateTime RetiresAt { get; init; }

    /// <summary>After this the key is no longer published (and may be deleted).</summary>
    public DateTime ExpiresAt { get; init; }
}
