using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.People;

namespace Nereid.Server.Auth;

/// <summary>Server-side sessions: created at sign-in, checked on each request (through <see cref="SessionCache"/>), revoked at logout.</summary>
internal sealed class SessionStore(NereidDbContext db, TimeProvider time, SessionCache cache, IOptions<AuthOptions> options)
{
    public const string SessionClaim = "nereid:sid";

    /// <summary>
    /// Starts a session and returns the principal the cookie will carry (ids only; tier is looked up per request).
    /// <paramref name="upstreamIdToken"/> is the provider's ID token of a federated sign-in, kept for signing out there too.
    /// </summary>
    public async Task<ClaimsPrincipal> StartAsync(Person person, string method, CancellationToken ct, string? upstreamIdToken = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var session = new Session
        {
            PersonId = person.Id, SecurityStamp = person.SecurityStamp, CreatedAt = now,
            ExpiresAt = now + options.Value.SessionLifetime, Method = method, UpstreamIdToken = upstreamIdToken,
        };
        db.Sessions.Add(session);
        person.LastSeenAt = now;
        await db.SaveChangesAsync(ct);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, person.Id.ToString()),
            new Claim(SessionClaim, session.Id.ToString()),
        ], "session");
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The actor behind a session, or null when it ended, expired, the person's stamp changed or they are suspended.</summary>
    public async Task<Actor?> ValidateAsync(Guid sessionId, CancellationToken ct)
    {
        return await cache.GetOrLoadAsync(SessionCache.SessionKey(sessionId), async () =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            var row = await db.Sessions.AsNoTracking().Where(s => s.Id == sessionId)
                .Join(db.People, s => s.PersonId, p => p.Id, (s, p) => new { s.RevokedAt, s.ExpiresAt, s.SecurityStamp, Person = p })
                .FirstOrDefaultAsync(CancellationToken.None);
            return row is not null && row.RevokedAt is null && row.ExpiresAt > now && row.SecurityStamp == row.Person.SecurityStamp
                && row.Person.SuspendedAt == null
                ? new Actor(row.Person.Id, row.Person.DisplayName, row.Person.Tier)
                : null;
        });
    }

    /// <summary>Ends the session and returns how it was signed in (method and upstream ID token), or null when it had already ended.</summary>
    public async Task<(string Method, string? UpstreamIdToken)?> EndAsync(Guid sessionId, CancellationToken ct)
    {
        var row = await db.Sessions.AsNoTracking().Where(s => s.Id == sessionId && s.RevokedAt == null)
            .Select(s => new { s.Method, s.UpstreamIdToken }).FirstOrDefaultAsync(ct);
        await RevokeAsync(sessionId, ct);
        return row is null ? null : (row.Method, row.UpstreamIdToken);
    }

    public async Task RevokeAsync(Guid sessionId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.Sessions.Where(s => s.Id == sessionId && s.RevokedAt == null).ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now), ct);
        cache.InvalidateSession(sessionId);
    }
}
