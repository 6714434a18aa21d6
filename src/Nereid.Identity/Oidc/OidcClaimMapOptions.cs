namespace Nereid.Identity.Oidc;

/// <summary>Names of the provider claims that fill <see cref="ExternalIdentity"/>. Defaults follow CILogon.</summary>
public sealed class OidcClaimMapOptions
{
    /// <summary>Stable subject. Default <c>sub</c>.</summary>
    public string Subject { get; set; } = "sub";
    /// <summary>Email. Default <c>email</c>.</summary>
    public string Email { get; set; } = "email";
    /// <summary>Display name. Default <c>name</c>; when absent, <see cref="GivenName"/> + <see cref="FamilyName"/>.</summary>
    public string Name { get; set; } = "name";
    /// <summary>Given name. Default <c>given_name</c>.</summary>
    public string GivenName { get; set; } = "given_name";
    /// <summary>Family name. Default <c>family_name</c>.</summary>
    public string FamilyName { get; set; } = "family_name";
    /// <summary>Upstream identity provider id (CILogon). Default <c>idp</c>.</summary>
    public string Idp { get; set; } = "idp";
    /// <summary>Upstream identity provider display name (CILogon). Default <c>idp_name</c>.</summary>
    public string IdpName { get; set; } = "idp_name";
    /// <summary>Affiliation. Default <c>affiliation</c>; when absent, <see cref="AffiliationFallback"/>.</summary>
    public string Affiliation { get; set; } = "affiliation";
    /// <summary>Fallback for affiliation. Default <c>eppn</c>.</summary>
    public string AffiliationFallback { get; set; } = "eppn";
}
