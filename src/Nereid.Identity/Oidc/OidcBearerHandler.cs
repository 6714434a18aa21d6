using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nereid.Identity.Oidc;

/// <summary>Options of the <c>oidc-bearer</c> scheme (no settings of its own: issuers come from <see cref="NereidOidcOptions"/>).</summary>
internal sealed class OidcBearerOptions : AuthenticationSchemeOptions;

/// <summary>
/// <c>Authorization: Bearer &lt;JWT&gt;</c> for the API and CLI: the token must come from a configured issuer and be
/// addressed to its <see cref="OidcIssuerOptions.ClientId"/> or one of its <see cref="OidcIssuerOptions.Audiences"/>.
/// Requests without a bearer token get <c>NoResult</c> so other schemes (e.g. personal access tokens) can run.
/// </summary>
internal sealed class OidcBearerHandler(
    IOptionsMonitor<OidcBearerOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IdTokenValidator validator)
    : AuthenticationHandler<OidcBearerOptions>(options, loggerFactory, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = OidcBearerDefaults.SchemeName;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var token = header["Bearer ".Length..].Trim();
        // Three dot-separated parts: a JWS. Anything else (e.g. an opaque personal access token) is not ours.
        if (token.Count(c => c == '.') != 2)
        {
            return AuthenticateResult.NoResult();
        }
        var result = await validator.ValidateAnyIssuerAsync(token, includeExtraAudiences: true, Context.RequestAborted);
        if (!result.Succeeded)
        {
            return AuthenticateResult.Fail(new OidcAuthenticationException(result.FailureCode!, result.FailureMessage!));
        }
        var identity = new ClaimsIdentity(result.Identity!.ToClaims(), Scheme.Name, ExternalIdentityClaimTypes.Name, "role");
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
