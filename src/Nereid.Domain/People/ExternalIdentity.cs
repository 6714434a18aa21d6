namespace Nereid.Domain.People;

/// <summary>One way a person signs in through an OpenID provider: the pair (issuer, subject) is unique.</summary>
public sealed class ExternalIdentity
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PersonId { get; set; }
    public string Issuer { get; set; } = "";
    public string Subject { get; set; } = "";
    /// <summary>The identity provider behind a proxy such as CILogon (`idp` claim), if any.</summary>
    public string Idp { get; set; } = "";
    public string IdpName { get; set; } = "";
    public string Email { get; set; } = "";
    public DateTime LinkedAt { get; set; }
    public DateTime? LastLoginAt { get; set; }
}
