namespace Nereid.Identity.Oidc;

/// <summary>Outcome of <see cref="IdTokenValidator"/>: either an identity with its claims, or a failure code.</summary>
internal sealed record OidcTokenValidationResult(ExternalIdentity? Identity, string? FailureCode, string? FailureMessage, DateTimeOffset? ExpiresAt)
{
    public bool Succeeded => Identity is not null;

    public static OidcTokenValidationResult Success(ExternalIdentity identity, DateTimeOffset expiresAt) => new(identity, null, null, expiresAt);

    public static OidcTokenValidationResult Fail(string code, string message) => new(null, code, message, null);
}
