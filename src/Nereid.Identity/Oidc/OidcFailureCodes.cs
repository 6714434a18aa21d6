namespace Nereid.Identity.Oidc;

/// <summary>Short, stable codes for failed logins and rejected tokens (used as <c>/login?error=&lt;code&gt;</c>).</summary>
public static class OidcFailureCodes
{
    public const string Malformed = "malformed_token";
    public const string UnknownIssuer = "unknown_issuer";
    public const string WrongIssuer = "wrong_issuer";
    public const string WrongAudience = "wrong_audience";
    public const string WrongAuthorizedParty = "wrong_azp";
    public const string Expired = "expired";
    public const string NotYetValid = "not_yet_valid";
    public const string BadSignature = "bad_signature";
    public const string UnknownKey = "unknown_key";
    public const string AlgorithmNotAllowed = "algorithm_not_allowed";
    public const string NonceMismatch = "nonce_mismatch";
    public const string InvalidToken = "invalid_token";
    public const string IssuerUnreachable = "issuer_unreachable";
    /// <summary>The discovery document names another issuer than the configured authority (a configuration error, not the network).</summary>
    public const string IssuerMismatch = "issuer_mismatch";
    /// <summary>The RFC 9207 <c>iss</c> parameter of the authorization response names another issuer (a mix-up attack or misrouted callback).</summary>
    public const string CallbackIssuerMismatch = "callback_issuer_mismatch";
    public const string StateInvalid = "state_invalid";
    public const string CorrelationFailed = "correlation_failed";
    public const string MissingCode = "missing_code";
    public const string AccessDenied = "access_denied";
    public const string ProviderError = "provider_error";
    public const string TokenExchangeFailed = "token_exchange_failed";
    public const string MissingIdToken = "missing_id_token";
    public const string UserInfoMismatch = "userinfo_mismatch";
    public const string LoginFailed = "login_failed";

    /// <summary>A sentence a person can read on the login page for a code; never technical details.</summary>
    public static string Describe(string? code) => code switch
    {
        IssuerUnreachable => "Your identity provider could not be reached. Please try again in a few minutes.",
        IssuerMismatch => "Your identity provider is configured with the wrong address on this site. Please tell the platform administrators.",
        CallbackIssuerMismatch => "The login answer came from another identity provider than the one you chose. Please start the login again.",
        AccessDenied => "The login was cancelled or refused at your identity provider.",
        StateInvalid or CorrelationFailed or MissingCode => "The login link was incomplete or had expired. Please start the login again.",
        Expired or NotYetValid => "Your login took too long or your clock is off. Please start the login again.",
        _ => "We could not verify your login with your identity provider. Please start the login again.",
    };
}

/// <summary>A login or token failure with one of the <see cref="OidcFailureCodes"/>.</summary>
public sealed class OidcAuthenticationException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>One of <see cref="OidcFailureCodes"/>.</summary>
    public string Code { get; } = code;
}
