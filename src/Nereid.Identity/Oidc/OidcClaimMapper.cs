using System.Text.Json;

namespace Nereid.Identity.Oidc;

/// <summary>Turns provider claims into an <see cref="ExternalIdentity"/> following <see cref="OidcClaimMapOptions"/>.</summary>
internal static class OidcClaimMapper
{
    /// <summary>Maps flattened claims (ID token merged with userinfo) for <paramref name="issuer"/>.</summary>
    public static ExternalIdentity Map(OidcIssuerOptions issuer, string tokenIssuer, IReadOnlyDictionary<string, string> claims)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(claims);
        var map = issuer.ClaimMap;
        string? Get(string name) => claims.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

        var subject = Get(map.Subject) ?? throw new OidcAuthenticationException(OidcFailureCodes.InvalidToken, $"claim '{map.Subject}' is missing");
        var given = Get(map.GivenName);
        var family = Get(map.FamilyName);
        var name = Get(map.Name) ?? (given is null && family is null ? null : string.Join(' ', new[] { given, family }.Where(s => s is not null)));
        return new ExternalIdentity(tokenIssuer, subject, Get(map.IdpName), Get(map.Email), name, given, family,
            Get(map.Idp), Get(map.Affiliation) ?? Get(map.AffiliationFallback), claims)
        {
            IssuerName = issuer.Name,
        };
    }

    /// <summary>Adds the top-level members of a JSON object (userinfo) to <paramref name="claims"/>, overwriting: userinfo is fresher than the ID token.</summary>
    public static void Merge(Dictionary<string, string> claims, JsonElement json)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (json.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var property in json.EnumerateObject())
        {
            claims[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                _ => property.Value.GetRawText(),
            };
        }
    }
}
