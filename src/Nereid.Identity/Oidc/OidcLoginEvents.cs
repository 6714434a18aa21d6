using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Nereid.Identity.Oidc;

/// <summary>
/// Events of one <c>oidc-&lt;name&gt;</c> scheme: the validated ID token (then userinfo) becomes the
/// <see cref="ExternalIdentity"/> principal the integrator reads; the ID token's claim names feed
/// <see cref="IdTokenClaimObservations"/>; failures end on the login page with an <see cref="OidcFailureCodes"/> code.
/// </summary>
internal sealed partial class OidcLoginEvents : OpenIdConnectEvents
{
    private readonly OidcIssuerOptions _issuer;
    private readonly IdTokenClaimObservations _observations;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _claimsKey = new();

    public OidcLoginEvents(OidcIssuerOptions issuer, IdTokenClaimObservations observations, TimeProvider time, ILogger<OidcLoginEvents> logger)
    {
        _issuer = issuer;
        _observations = observations;
        _time = time;
        _logger = logger;
        OnRemoteFailure = OidcRemoteFailure.RedirectToErrorPathAsync;
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var jwt = context.SecurityToken;
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var claim in jwt.Claims)
        {
            claims.TryAdd(claim.Type, claim.Value);
        }
        claims.TryGetValue(JwtRegisteredClaimNames.Azp, out var azp);
        // OIDC Core §3.1.3.7: with several audiences, azp must be present and be our client.
        if ((jwt.Audiences.Count() > 1 && azp is null) || (azp is not null && azp != _issuer.ClientId))
        {
            context.Fail(new OidcAuthenticationException(OidcFailureCodes.WrongAuthorizedParty, "the token was issued to another client"));
            return Task.CompletedTask;
        }
        _observations.Record(jwt.Issuer, azp ?? _issuer.ClientId, claims.Keys, _time.GetUtcNow());
        // Only the ID token travels on (SaveTokens is off): the integrator keeps it to sign the person out upstream later.
        context.Properties?.StoreTokens([new AuthenticationToken { Name = OidcUpstreamSignOut.IdTokenName, Value = jwt.RawData }]);
        return SignIn(context, context.HttpContext, jwt.Issuer, claims);
    }

    public override Task RedirectToIdentityProviderForSignOut(RedirectContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The handler looks for the ID token in its sign-out scheme's cookie, which Nereid drops right after sign-in;
        // the integrator hands over the one it kept. client_id as well, for providers that want it without a hint.
        if (context.Properties.GetParameter<string>(OidcUpstreamSignOut.IdTokenName) is { Length: > 0 } idToken)
        {
            context.ProtocolMessage.IdTokenHint = idToken;
        }
        context.ProtocolMessage.ClientId = _issuer.ClientId;
        return Task.CompletedTask;
    }

    public override Task UserInformationReceived(UserInformationReceivedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.HttpContext.Items[_claimsKey] is not (string tokenIssuer, Dictionary<string, string> claims))
        {
            return Task.CompletedTask;
        }
        var idTokenSubject = claims.GetValueOrDefault(JwtRegisteredClaimNames.Sub);
        OidcClaimMapper.Merge(claims, context.User.RootElement);
        // OIDC Core §5.3.2: userinfo for another subject must be discarded; we refuse the login.
        if (claims.GetValueOrDefault(JwtRegisteredClaimNames.Sub) != idTokenSubject)
        {
            context.Fail(new OidcAuthenticationException(OidcFailureCodes.UserInfoMismatch, "userinfo describes another subject"));
            return Task.CompletedTask;
        }
        return SignIn(context, context.HttpContext, tokenIssuer, claims);
    }

    private Task SignIn(RemoteAuthenticationContext<OpenIdConnectOptions> context, HttpContext http, string tokenIssuer,
        Dictionary<string, string> claims)
    {
        ExternalIdentity external;
        try
        {
            external = OidcClaimMapper.Map(_issuer, tokenIssuer, claims);
        }
        catch (OidcAuthenticationException ex)
        {
            context.Fail(ex);
            return Task.CompletedTask;
        }
        http.Items[_claimsKey] = (tokenIssuer, claims);
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(external.ToClaims(), context.Scheme.Name, ExternalIdentityClaimTypes.Name, "role"));
        LogSignedIn(_logger, _issuer.Name, external.Subject);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OIDC login with {IssuerName}: validated claims for subject {Subject}")]
    private static partial void LogSignedIn(ILogger logger, string issuerName, string subject);
}
