using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Nereid.Identity.Oidc;

/// <summary>
/// The framework's JWT handler for one issuer's ID tokens, with two rules it lacks: the algorithm allow-list is checked
/// before anything else (the OpenID Connect handler accepts unsigned tokens from the token endpoint, so <c>none</c> must
/// be refused here), and a signature that fails with the cached keys (a provider restarted with a new key under the same
/// <c>kid</c>, or a rotation) gets one rate-limited refetch of the keys before the token is refused.
/// </summary>
internal sealed class OidcIdTokenHandler : JsonWebTokenHandler
{
    private readonly OidcConfigurationManager _configuration;

    public OidcIdTokenHandler(OidcConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _configuration = configuration;
        MapInboundClaims = false;
    }

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        if (!CanReadToken(token))
        {
            return Refused(new SecurityTokenMalformedException("not a JWT"));
        }
        var alg = ReadJsonWebToken(token).Alg;
        if (!_configuration.Issuer.EffectiveAlgorithms().Contains(alg, StringComparer.Ordinal))
        {
            return Refused(new SecurityTokenInvalidAlgorithmException($"algorithm '{alg}' is not allowed") { InvalidAlgorithm = alg });
        }
        var checkedParameters = validationParameters.Clone();
        // Signed with an allowed algorithm: the signature is always verified, whatever the flow.
        checkedParameters.RequireSignedTokens = true;
        checkedParameters.ValidAlgorithms = _configuration.Issuer.EffectiveAlgorithms();
        var result = await base.ValidateTokenAsync(token, checkedParameters);
        if (!result.IsValid && result.Exception is SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException)
        {
            var refreshed = await _configuration.RefreshAfterSignatureFailureAsync(validationParameters.IssuerSigningKeys, CancellationToken.None);
            if (refreshed is not null)
            {
                checkedParameters.IssuerSigningKeys = refreshed.SigningKeys;
                result = await base.ValidateTokenAsync(token, checkedParameters);
            }
        }
        return result;
    }

    private static TokenValidationResult Refused(Exception exception) => new() { IsValid = false, Exception = exception };
}
