using Microsoft.IdentityModel.Tokens;

namespace Nereid.Identity.Oidc;

/// <summary>Failure codes and messages for the framework's token validation exceptions (one table for browser and bearer).</summary>
internal static class OidcTokenFailures
{
    public static (string Code, string Message) Classify(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => (OidcFailureCodes.Expired, "the token has expired"),
        SecurityTokenNotYetValidException => (OidcFailureCodes.NotYetValid, "the token is not valid yet"),
        SecurityTokenInvalidIssuerException => (OidcFailureCodes.WrongIssuer, "the token comes from another issuer"),
        SecurityTokenInvalidAudienceException => (OidcFailureCodes.WrongAudience, "the token was issued for another audience"),
        SecurityTokenInvalidAlgorithmException => (OidcFailureCodes.AlgorithmNotAllowed, "the token's algorithm is not allowed"),
        SecurityTokenSignatureKeyNotFoundException => (OidcFailureCodes.UnknownKey, "the token was signed with an unknown key"),
        SecurityTokenInvalidSignatureException => (OidcFailureCodes.BadSignature, "the token's signature is invalid"),
        SecurityTokenNoExpirationException => (OidcFailureCodes.InvalidToken, "the token has no expiry"),
        SecurityTokenMalformedException => (OidcFailureCodes.Malformed, "not a JWT"),
        _ => (OidcFailureCodes.InvalidToken, "the token is invalid"),
    };
}
