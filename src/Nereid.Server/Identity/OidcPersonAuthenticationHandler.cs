using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Nereid.Identity.Oidc;
using Nereid.Server.Auth;
using OidcIdentity = Nereid.Identity.Oidc.ExternalIdentity;

namespace Nereid.Server.Identity;

/// <summary>
/// <c>Authorization: Bearer &lt;JWT&gt;</c> from a configured issuer, mapped to the Nereid person linked to its
/// (issuer, subject). The signature, issuer, audience and lifetime checks are <c>oidc-bearer</c>'s (Nereid.Identity, JwtBearer per issuer);
/// this scheme only adds the person. Failures are answered with a ProblemDetails saying what to do.
/// </summary>
internal sealed partial class OidcPersonAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory,
    UrlEncoder encoder, ExternalLoginService logins, SessionCache cache, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "nereid.oidc";

    /// <summary>What an unknown subject is told.</summary>
    public const string UnknownSubjectMessage =
        "This identity has no Nereid account yet. Sign in to the Nereid portal once in a browser with the same provider, then try again.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var bearer = await Context.AuthenticateAsync(OidcBearerDefaults.SchemeName);
        if (bearer.None)
            return AuthenticateResult.NoResult();
        if (!bearer.Succeeded)
        {
            var code = (bearer.Failure as OidcAuthenticationException)?.Code ?? OidcFailureCodes.InvalidToken;
            LogRejected(Logger, code);
            return AuthenticateResult.Fail($"The bearer token was not accepted ({code}): {OidcFailureCodes.Describe(code)}");
        }
        var external = OidcIdentity.FromPrincipal(bearer.Principal!);
        if (external is null)
            return AuthenticateResult.Fail("The bearer token carries no issuer and subject.");
        // The token itself was checked above on every request; only the person behind it is remembered briefly
        // (tier changes, sign-ins and unlinks drop the entry at once).
        var actor = await cache.GetOrLoadAsync(SessionCache.IdentityKey(external.Issuer, external.Subject), async () =>
            await logins.FindAsync(external.Issuer, external.Subject, CancellationToken.None) is { } person
                ? new Actor(person.Id, person.DisplayName, person.Tier)
                : null);
        if (actor is null)
        {
            LogUnknownSubject(Logger, external.Issuer);
            return AuthenticateResult.Fail(UnknownSubjectMessage);
        }
        return AuthenticateResult.Success(new AuthenticationTicket(NereidClaims.ToPrincipal(actor, "oidc"), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = result.Failure?.Message ?? "A bearer token is required.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OIDC bearer token rejected: {Code}")]
    private static partial void LogRejected(ILogger logger, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "OIDC bearer token from {Issuer} for a subject with no person")]
    private static partial void LogUnknownSubject(ILogger logger, string issuer);
}
