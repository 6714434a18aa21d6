using Microsoft.IdentityModel.Tokens;

namespace Nereid.Server.Provider.Keys;

/// <summary>
/// One provider key as held in memory: it signs (or encrypts) from <see cref="SignsFrom"/> until <see cref="RetiresAt"/>,
/// and is published (and accepted when validating) until <see cref="ExpiresAt"/>. A key whose <see cref="SignsFrom"/>
/// is still ahead is the next one, published early so every cache that reads the JWKS knows it before it signs.
/// </summary>
internal sealed record ProviderKey(string Id, string Algorithm, DateTime SignsFrom, DateTime RetiresAt, DateTime ExpiresAt, RsaSecurityKey Key)
{
    public bool SignsAt(DateTime now) => SignsFrom <= now && now < RetiresAt;

    public bool PublishedAt(DateTime now) => now < ExpiresAt;
}
