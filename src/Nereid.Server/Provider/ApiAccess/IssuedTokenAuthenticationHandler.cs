using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Server.Auth;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.Provider.ApiAccess;

/// <summary>
/// <c>Authorization: Bearer &lt;access token&gt;</c> issued by Nereid's own provider for the <see cref="ApiScope"/>.
/// OpenIddict's validation stack checks signature (published keys only, RS256), issuer, type (<c>at+jwt</c>), lifetime,
/// audience and that neither the token nor its grant was revoked; this scheme adds the person, read as for a session:
/// the current tier (a demotion limits the token at once) and suspension or a merge refuse it.
/// </summary>
internal sealed partial class IssuedTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory,
    UrlEncoder encoder, NereidDbContext db, SessionCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "nereid.issued";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var validated = await Context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (validated.None)
            return AuthenticateResult.NoResult();
        if (!validated.Succeeded || validated.Principal is null)
        {
            var detail = validated.Properties?.GetString(OpenIddictValidationAspNetCoreConstants.Properties.ErrorDescription)
                ?? validated.Failure?.Message ?? "The access token is not valid.";
            LogRejected(Logger, detail);
            return AuthenticateResult.Fail($"The access token was not accepted: {detail}");
        }
        var principal = validated.Principal;
        if (!principal.HasScope(ApiScope.Name) || !principal.HasAudience(ApiScope.Audience))
        {
            LogRejected(Logger, "no api scope");
            return AuthenticateResult.Fail($"The access token was not issued for Nereid's API: the client must ask for the '{ApiScope.Name}' scope.");
        }
        if (!Guid.TryParse(principal.GetClaim(Claims.Subject), out var personId))
            return AuthenticateResult.Fail("The access token does not name a person.");
        // The token was validated above on this request; only the person behind it is remembered briefly, in the
        // cache tier changes, suspensions and merges clear at once.
        var actor = await cache.GetOrLoadAsync(SessionCache.PersonKey(personId), () => LoadAsync(personId));
        if (actor is null)
        {
            LogRejected(Logger, "person suspended or gone");
            return AuthenticateResult.Fail("The person this token was issued to is suspended or no longer exists.");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(NereidClaims.ToPrincipal(actor, "issued"), Scheme.Name));
    }

    // Shared by concurrent requests (see SessionCache), so it must not depend on one request's cancellation.
    private async Task<Actor?> LoadAsync(Guid personId)
    {
        var person = await db.People.AsNoTracking()
            .Where(p => p.Id == personId && p.SuspendedAt == null && p.MergedIntoId == null)
            .Select(p => new { p.Id, p.DisplayName, p.Tier })
            .FirstOrDefaultAsync(CancellationToken.None);
        return person is null ? null : new Actor(person.Id, person.DisplayName, person.Tier);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nereid-issued access token rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}
