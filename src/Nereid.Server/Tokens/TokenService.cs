using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.People;
using Nereid.Domain.Tokens;
using Nereid.Server.Auth;

namespace Nereid.Server.Tokens;

/// <summary>A token as listed (never with its secret).</summary>
internal sealed record TokenView(Guid Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>A freshly created token: the only time the secret is shown.</summary>
internal sealed record CreatedToken(TokenView Token, string Secret);

/// <summary>Personal access tokens: created and revoked by their owner, stored as SHA-256 hashes.</summary>
internal sealed class TokenService(NereidDbContext db, Audit.AuditLog audit, TimeProvider time, SessionCache cache)
{
    public const string SecretPrefix = "nrd_";

    public async Task<CreatedToken> CreateAsync(Actor actor, string? name, int? expiresInDays, CancellationToken ct)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0 || trimmed.Length > PersonalAccessToken.MaxNameLength)
            throw ValidationFailedException.For("name", $"Give the token a name of 1 to {PersonalAccessToken.MaxNameLength} characters.");
        if (expiresInDays is < 1 or > 366)
            throw ValidationFailedException.For("expiresInDays", "A token expires after 1 to 366 days.");
        if (await db.PersonalAccessTokens.CountAsync(t => t.PersonId == actor.PersonId && t.RevokedAt == null, ct) >= 50)
            throw new ConflictException("You have 50 active tokens; revoke some first.");
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)).Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow().UtcDateTime;
        var token = new PersonalAccessToken
        {
            PersonId = actor.PersonId, Name = trimmed, Prefix = secret[..12], Hash = Hash(secret), CreatedAt = now,
            ExpiresAt = now.AddDays(expiresInDays ?? 90),
        };
        db.PersonalAccessTokens.Add(token);
        audit.Record(actor, "token.create", "token", token.Id.ToString(), null, after: new { token.Name, token.Prefix, token.ExpiresAt });
        await db.SaveChangesAsync(ct);
        return new CreatedToken(ToView(token), secret);
    }

    public async Task<IReadOnlyList<TokenView>> ListAsync(Actor actor, CancellationToken ct) =>
        (await db.PersonalAccessTokens.AsNoTracking().Where(t => t.PersonId == actor.PersonId).ToListAsync(ct))
        .OrderByDescending(t => t.CreatedAt).Select(ToView).ToList();

    public async Task RevokeAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var token = await db.PersonalAccessTokens.FirstOrDefaultAsync(t => t.Id == id && t.PersonId == actor.PersonId, ct)
            ?? throw new NotFoundException("That token does not exist.");
        if (token.RevokedAt is not null)
            return;
        token.RevokedAt = time.GetUtcNow().UtcDateTime;
        audit.Record(actor, "token.revoke", "token", token.Id.ToString(), null, after: new { token.Name, token.Prefix });
        await db.SaveChangesAsync(ct);
        cache.InvalidateToken(token.Hash);
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static TokenView ToView(PersonalAccessToken t) => new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt);
}
