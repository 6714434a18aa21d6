using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Server.Tokens;

namespace Nereid.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer nrd_…</c> personal access tokens by their SHA-256 hash. The database context is
/// taken from the request's services only when the token is not remembered, so a remembered token costs none.
/// </summary>
internal sealed class TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    SessionCache cache, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer " + TokenService.SecretPrefix, StringComparison.Ordinal))
            return AuthenticateResult.NoResult();
        var hash = TokenService.Hash(header["Bearer ".Length..].Trim());
        var actor = await cache.GetOrLoadAsync(SessionCache.TokenKey(hash), () => LoadAsync(hash));
        return actor is null
            ? AuthenticateResult.Fail("The token is unknown, expired or revoked.")
            : AuthenticateResult.Success(new AuthenticationTicket(NereidClaims.ToPrincipal(actor, "token"), Scheme.Name));
    }

    // Runs once per cache period for all concurrent requests, so it must not depend on one request's cancellation.
    private async Task<Actor?> LoadAsync(string hash)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var db = Context.RequestServices.GetRequiredService<NereidDbContext>();
        var row = await db.PersonalAccessTokens.AsNoTracking().Where(t => t.Hash == hash && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now))
            .Join(db.People.Where(p => p.SuspendedAt == null), t => t.PersonId, p => p.Id, (t, p) => new { t.Id, t.LastUsedAt, p.DisplayName, p.Tier, PersonId = p.Id })
            .FirstOrDefaultAsync(CancellationToken.None);
        if (row is null)
            return null;
        if (row.LastUsedAt is null || row.LastUsedAt < now.AddMinutes(-1))
        {
            // Last-used is informative; once a minute is enough.
            await db.PersonalAccessTokens.Where(t => t.Id == row.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.LastUsedAt, now), CancellationToken.None);
        }
        return new Actor(row.PersonId, row.DisplayName, row.Tier);
    }
}
