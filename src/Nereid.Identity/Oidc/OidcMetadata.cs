using Microsoft.IdentityModel.Tokens;

namespace Nereid.Identity.Oidc;

/// <summary>What discovery and the JWKS said about one issuer, as of <see cref="FetchedAt"/>.</summary>
internal sealed record OidcMetadata(
    string Issuer,
    string AuthorizationEndpoint,
    string TokenEndpoint,
    string? UserInfoEndpoint,
    string? DeviceAuthorizationEndpoint,
    string JwksUri,
    IReadOnlyList<SecurityKey> SigningKeys,
    DateTimeOffset FetchedAt)
{
    public bool HasKey(string kid) => SigningKeys.Any(k => string.Equals(k.KeyId, kid, StringComparison.Ordinal));
}
