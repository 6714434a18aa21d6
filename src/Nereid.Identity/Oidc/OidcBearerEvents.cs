using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Nereid.Identity.Oidc;

/// <summary>
/// Events of one issuer's JwtBearer scheme behind <c>oidc-bearer</c> (or, with no issuer, of the scheme for tokens no
/// configured issuer claims). The framework checks signature, algorithm, issuer, audience and lifetime; these events
/// add what it has no option for: opaque tokens are left to other schemes, the <c>azp</c> rule, the
/// <see cref="ExternalIdentity"/> principal the integrator reads, <see cref="IdTokenClaimObservations"/>, and every
/// failure as an <see cref="OidcAuthenticationException"/> with one of the <see cref="OidcFailureCodes"/>.
/// </summary>
internal sealed partial class OidcBearerEvents : JwtBearerEvents
{
    private readonly OidcIssuerOptions? _issuer;
    private readonly OidcConfigurationManager? _configuration;
    private readonly IdTokenClaimObservations _observations;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public OidcBearerEvents(OidcConfigurationManager? configuration, IdTokenClaimObservations observations, TimeProvider time, ILogger<OidcBearerEvents> logger)
    {
        _configuration = configuration;
        _issuer = configuration?.Issuer;
        _observations = observations;
        _time = time;
        _logger = logger;
    }

    /// <summary>The audiences a bearer token of <paramref name="issuer"/> may carry: its client id and <see cref="OidcIssuerOptions.Audiences"/>.</summary>
    public static IReadOnlyList<string> AcceptedAudiences(OidcIssuerOptions issuer) => [issuer.ClientId, .. issuer.Audiences ?? []];

    public override Task MessageReceived(MessageReceivedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var token = OidcBearerToken.Read(context.Request);
        if (token is null)
        {
            // No bearer token, or an opaque one: not ours, so other schemes (e.g. personal access tokens) can run.
            context.NoResult();
        }
        else if (_issuer is null)
        {
            var code = OidcBearerToken.Parse(token) is null ? OidcFailureCodes.Malformed : OidcFailureCodes.UnknownIssuer;
            context.Fail(Refuse("(none)", code, code == OidcFailureCodes.Malformed ? "not a JWT" : "the token's issuer is not configured"));
        }
        else
        {
            context.Token = token;
        }
        return Task.CompletedTask;
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var issuer = _issuer ?? throw new InvalidOperationException("Only an issuer's scheme validates tokens.");
        var jwt = (JsonWebToken)context.SecurityToken;
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var claim in jwt.Claims)
        {
            claims.TryAdd(claim.Type, claim.Value);
        }
        claims.TryGetValue(JwtRegisteredClaimNames.Azp, out var azp);
        var audiences = jwt.Audiences.ToList();
        // OIDC Core §3.1.3.7: with several audiences, azp must be present and be a client we accept.
        if ((audiences.Count > 1 && azp is null) || (azp is not null && !AcceptedAudiences(issuer).Contains(azp, StringComparer.Ordinal)))
        {
            context.Fail(Refuse(issuer.Name, OidcFailureCodes.WrongAuthorizedParty, "the token was issued to another client"));
            return Task.CompletedTask;
        }
        ExternalIdentity external;
        try
        {
            external = OidcClaimMapper.Map(issuer, jwt.Issuer, claims);
        }
        catch (OidcAuthenticationException ex)
        {
            context.Fail(Refuse(issuer.Name, ex.Code, ex.Message));
            return Task.CompletedTask;
        }
        // JWT access tokens (RFC 9068) are not what clusters see from `nereid auth token`; only ID tokens are recorded.
        if (!string.Equals(jwt.Typ, "at+jwt", StringComparison.OrdinalIgnoreCase))
        {
            _observations.Record(jwt.Issuer, azp ?? audiences.FirstOrDefault() ?? "", claims.Keys, _time.GetUtcNow());
        }
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(external.ToClaims(), context.Scheme.Name, ExternalIdentityClaimTypes.Name, "role"));
        return Task.CompletedTask;
    }

    public override async Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (code, message) = context.Exception is OidcAuthenticationException oidc
            ? (oidc.Code, oidc.Message)
            : OidcTokenFailures.Classify(context.Exception);
        // A signature that still fails after the one refetch, under a kid the provider does not publish: say so.
        if (code == OidcFailureCodes.BadSignature && _configuration is not null
            && OidcBearerToken.Read(context.Request) is { } token && OidcBearerToken.Parse(token)?.Kid is { Length: > 0 } kid
            && !(await _configuration.GetConfigurationAsync(context.HttpContext.RequestAborted)).SigningKeys.Any(k => k.KeyId == kid))
        {
            (code, message) = (OidcFailureCodes.UnknownKey, "the token was signed with an unknown key");
        }
        // Always a result: a discovery failure would otherwise be rethrown by the handler as a server error.
        context.Fail(Refuse(_issuer?.Name ?? "(none)", code, message, context.Exception));
    }

    private OidcAuthenticationException Refuse(string issuerName, string code, string message, Exception? inner = null)
    {
        LogRejected(_logger, issuerName, code);
        return new OidcAuthenticationException(code, message, inner);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OIDC bearer token for issuer {IssuerName} rejected: {Code}")]
    private static partial void LogRejected(ILogger logger, string issuerName, string code);
}
