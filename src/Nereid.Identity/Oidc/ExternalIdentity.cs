using System.Security.Claims;

namespace Nereid.Identity.Oidc;

/// <summary>
/// Who the provider says someone is, after claim mapping. (Issuer, Subject) is the stable key the integrator
/// links to a person; everything else may change between logins.
/// </summary>
/// <param name="Issuer">The token's <c>iss</c>.</param>
/// <param name="Subject">The token's <c>sub</c> (or the configured subject claim).</param>
/// <param name="IdpName">Upstream provider display name (CILogon <c>idp_name</c>).</param>
/// <param name="Claims">All provider claims (ID token, then userinfo), flattened to strings.</param>
public sealed record ExternalIdentity(
    string Issuer,
    string Subject,
    string? IdpName,
    string? Email,
    string? DisplayName,
    string? GivenName,
    string? FamilyName,
    string? Idp,
    string? Affiliation,
    IReadOnlyDictionary<string, string> Claims)
{
    /// <summary>Configured issuer name (<see cref="OidcIssuerOptions.Name"/>) that produced this identity.</summary>
    public string? IssuerName { get; init; }

    /// <summary>
    /// Whether the provider says it verified <see cref="Email"/> (<c>email_verified</c> true). Only a verified email may
    /// lead to the offer to link with an existing person; it never links by itself.
    /// </summary>
    public bool EmailVerified => Claims.TryGetValue(ExternalIdentityClaimTypes.EmailVerified, out var v) && string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Claims carried in the external sign-in principal, one per non-empty field.</summary>
    public IEnumerable<Claim> ToClaims()
    {
        yield return new Claim(ExternalIdentityClaimTypes.Issuer, Issuer);
        yield return new Claim(ExternalIdentityClaimTypes.Subject, Subject);
        foreach (var (type, value) in new (string, string?)[]
        {
            (ExternalIdentityClaimTypes.IssuerName, IssuerName), (ExternalIdentityClaimTypes.Email, Email),
            (ExternalIdentityClaimTypes.Name, DisplayName), (ExternalIdentityClaimTypes.GivenName, GivenName),
            (ExternalIdentityClaimTypes.FamilyName, FamilyName), (ExternalIdentityClaimTypes.Idp, Idp),
            (ExternalIdentityClaimTypes.IdpName, IdpName), (ExternalIdentityClaimTypes.Affiliation, Affiliation),
        })
        {
            if (!string.IsNullOrEmpty(value))
            {
                yield return new Claim(type, value);
            }
        }
        // Login-name claims kept as the provider sent them: Nereid derives people's POSIX user names from one of them.
        foreach (var type in (IEnumerable<string>)[.. ExternalIdentityClaimTypes.LoginNames, ExternalIdentityClaimTypes.EmailVerified])
        {
            if (Claims.TryGetValue(type, out var value) && !string.IsNullOrEmpty(value))
            {
                yield return new Claim(type, value);
            }
        }
    }

    /// <summary>Reads the identity back from a principal signed in by the <c>oidc-*</c> or <c>oidc-bearer</c> schemes; null when absent.</summary>
    public static ExternalIdentity? FromPrincipal(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        string? Get(string type) => principal.FindFirst(type)?.Value;
        var issuer = Get(ExternalIdentityClaimTypes.Issuer);
        var subject = Get(ExternalIdentityClaimTypes.Subject);
        if (issuer is null || subject is null)
        {
            return null;
        }
        var all = principal.Claims.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.First().Value);
        return new ExternalIdentity(issuer, subject, Get(ExternalIdentityClaimTypes.IdpName), Get(ExternalIdentityClaimTypes.Email),
            Get(ExternalIdentityClaimTypes.Name), Get(ExternalIdentityClaimTypes.GivenName), Get(ExternalIdentityClaimTypes.FamilyName),
            Get(ExternalIdentityClaimTypes.Idp), Get(ExternalIdentityClaimTypes.Affiliation), all)
        {
            IssuerName = Get(ExternalIdentityClaimTypes.IssuerName),
        };
    }
}

/// <summary>Claim types of the external principal (short OIDC names, no WS-* URIs).</summary>
internal static class ExternalIdentityClaimTypes
{
    public const string Issuer = "iss";
    public const string Subject = "sub";
    public const string IssuerName = "nereid_issuer_name";
    public const string Email = "email";
    public const string EmailVerified = "email_verified";
    public const string Name = "name";
    public const string GivenName = "given_name";
    public const string FamilyName = "family_name";
    public const string Idp = "idp";
    public const string IdpName = "idp_name";
    public const string Affiliation = "affiliation";

    /// <summary>Provider claims carried unchanged because a login name may be derived from them (eduPerson principal name, OIDC's preferred name).</summary>
    public static readonly IReadOnlyList<string> LoginNames = ["eppn", "preferred_username"];
}
