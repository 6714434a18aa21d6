using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Nereid.Identity.Oidc;

/// <summary>
/// Validates bearer JWTs (ID tokens and JWT access tokens) of configured issuers for <c>oidc-bearer</c>, on the same
/// configuration and token handler as the browser scheme: algorithm allow-list (never <c>none</c> or HS*), signature
/// against the issuer's JWKS (one rate-limited refetch for an unknown <c>kid</c> or a signature that fails), issuer,
/// audience, <c>azp</c> when there are several audiences, <c>exp</c>/<c>nbf</c> with clock skew, and nonce.
/// </summary>
internal sealed partial class IdTokenValidator(OidcIssuerRegistry registry, TimeProvider time, ILogger<IdTokenValidator> logger, IdTokenClaimObservations? observations = null)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>Validates a token from the issuer its <c>iss</c> claim names; fails with <c>unknown_issuer</c> when that issuer is not configured.</summary>
    public Task<OidcTokenValidationResult> ValidateAnyIssuerAsync(string token, bool includeExtraAudiences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!_handler.CanReadToken(token))
        {
            return Task.FromResult(OidcTokenValidationResult.Fail(OidcFailureCodes.Malformed, "not a JWT"));
        }
        var cache = registry.FindByIssuer(_handler.ReadJsonWebToken(token).Issuer);
        return cache is null
            ? Task.FromResult(OidcTokenValidationResult.Fail(OidcFailureCodes.UnknownIssuer, "the token's issuer is not configured"))
            : ValidateAsync(cache, token, expectedNonce: null, includeExtraAudiences, cancellationToken);
    }

    /// <summary>Validates an ID token returned to the browser flow of issuer <paramref name="issuerName"/>, checking <paramref name="expectedNonce"/>.</summary>
    public Task<OidcTokenValidationResult> ValidateIdTokenAsync(string issuerName, string token, string? expectedNonce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuerName);
        ArgumentNullException.ThrowIfNull(token);
        var cache = registry.FindByName(issuerName)
            ?? throw new InvalidOperationException($"OIDC issuer '{issuerName}' is not configured.");
        return ValidateAsync(cache, token, expectedNonce, includeExtraAudiences: false, cancellationToken);
    }

    private async Task<OidcTokenValidationResult> ValidateAsync(OidcConfigurationManager source, string token, string? expectedNonce, bool includeExtraAudiences, CancellationToken cancellationToken)
    {
        var issuer = source.Issuer;
        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return Fail(issuer, OidcFailureCodes.Malformed, "not a JWT");
        }
        var configuration = await source.GetConfigurationAsync(cancellationToken);
        var audiences = new List<string> { issuer.ClientId };
        if (includeExtraAudiences && issuer.Audiences is not null)
        {
            audiences.AddRange(issuer.Audiences);
        }
        // The issuer's token handler refetches the keys once (rate-limited) when the signature fails with the cached ones.
        var result = await registry.TokenHandlerOf(issuer.Name).ValidateTokenAsync(token, Parameters(issuer, configuration, jwt, audiences));
        if (!result.IsValid)
        {
            var (code, message) = OidcTokenFailures.Classify(result.Exception);
            if (code == OidcFailureCodes.BadSignature && !string.IsNullOrEmpty(jwt.Kid)
                && !(await source.GetConfigurationAsync(cancellationToken)).SigningKeys.Any(k => k.KeyId == jwt.Kid))
            {
                (code, message) = (OidcFailureCodes.UnknownKey, "the token was signed with an unknown key");
            }
            return Fail(issuer, code, message);
        }

        var lifetimeFailure = CheckLifetime(jwt, issuer.ClockSkew);
        if (lifetimeFailure is not null)
        {
            return Fail(issuer, lifetimeFailure.Value.Code, lifetimeFailure.Value.Message);
        }

        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var claim in jwt.Claims)
        {
            claims.TryAdd(claim.Type, claim.Value);
        }
        var tokenAudiences = jwt.Audiences.ToList();
        claims.TryGetValue("azp", out var azp);
        // OIDC Core §3.1.3.7: with several audiences, azp must be present and be our client.
        if ((tokenAudiences.Count > 1 && azp is null) || (azp is not null && !audiences.Contains(azp, StringComparer.Ordinal)))
        {
            return Fail(issuer, OidcFailureCodes.WrongAuthorizedParty, "the token was issued to another client");
        }
        if (expectedNonce is not null && (!claims.TryGetValue("nonce", out var nonce) || !FixedTimeEquals(nonce, expectedNonce)))
        {
            return Fail(issuer, OidcFailureCodes.NonceMismatch, "the token's nonce does not match the login");
        }
        // JWT access tokens (RFC 9068) are not what clusters see from `nereid auth token`; only ID tokens are recorded.
        if (observations is not null && !string.Equals(jwt.Typ, "at+jwt", StringComparison.OrdinalIgnoreCase))
        {
            observations.Record(configuration.Issuer, azp ?? tokenAudiences.FirstOrDefault() ?? "", claims.Keys, time.GetUtcNow());
        }
        var identity = OidcClaimMapper.Map(issuer, configuration.Issuer, claims);
        return OidcTokenValidationResult.Success(identity, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
    }

    private static TokenValidationParameters Parameters(OidcIssuerOptions issuer, OpenIdConnectConfiguration configuration, JsonWebToken jwt, List<string> audiences) => new()
    {
        ValidIssuer = configuration.Issuer,
        ValidAudiences = audiences,
        ValidAlgorithms = issuer.EffectiveAlgorithms(),
        IssuerSigningKeys = configuration.SigningKeys,
        TryAllIssuerSigningKeys = string.IsNullOrEmpty(jwt.Kid),
        RequireSignedTokens = true,
        // exp/nbf are checked below against the injected TimeProvider.
        ValidateLifetime = false,
        NameClaimType = ExternalIdentityClaimTypes.Name,
    };

    private (string Code, string Message)? CheckLifetime(JsonWebToken jwt, TimeSpan skew)
    {
        if (!jwt.TryGetPayloadValue<long>("exp", out var exp))
        {
            return (OidcFailureCodes.InvalidToken, "the token has no expiry");
        }
        var now = time.GetUtcNow();
        if (DateTimeOffset.FromUnixTimeSeconds(exp) + skew <= now)
        {
            return (OidcFailureCodes.Expired, "the token has expired");
        }
        if (jwt.TryGetPayloadValue<long>("nbf", out var nbf) && DateTimeOffset.FromUnixTimeSeconds(nbf) - skew > now)
        {
            return (OidcFailureCodes.NotYetValid, "the token is not valid yet");
        }
        return null;
    }

    private OidcTokenValidationResult Fail(OidcIssuerOptions issuer, string code, string message)
    {
        LogRejected(logger, issuer.Name, code);
        return OidcTokenValidationResult.Fail(code, message);
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    [LoggerMessage(Level = LogLevel.Information, Message = "OIDC token from issuer {IssuerName} rejected: {Code}")]
    private static partial void LogRejected(ILogger logger, string issuerName, string code);
}
