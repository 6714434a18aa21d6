using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.People;

namespace Nereid.Server.Accounts;

/// <summary>Makes and redeems single-use, expiring account links; the secret leaves only in the mail, its hash stays here.</summary>
internal sealed class AccountLinks(NereidDbContext db, TimeProvider time, IOptions<AccountLinkOptions> options)
{
    /// <summary>How long a new link works.</summary>
    public TimeSpan Lifetime => options.Value.Lifetime;

    /// <summary>Adds a link row (saved with the caller's unit of work) and returns the secret for the mail.</summary>
    public string Create(Guid personId, string purpose, string? newEmail = null)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow().UtcDateTime;
        db.AccountLinks.Add(new AccountLink
        {
            PersonId = personId, Purpose = purpose, SecretHash = Hash(secret), NewEmail = newEmail,
            CreatedAt = now, ExpiresAt = now + options.Value.Lifetime,
        });
        return secret;
    }

    /// <summary>The usable link for <paramref name="secret"/> and <paramref name="purpose"/>, or null (unknown, used or expired alike).</summary>
    public async Task<AccountLink?> FindUsableAsync(string? secret, string purpose, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 100)
            return null;
        var hash = Hash(secret);
        var link = await db.AccountLinks.FirstOrDefaultAsync(l => l.SecretHash == hash && l.Purpose == purpose, ct);
        return link is not null && link.IsUsable(time.GetUtcNow().UtcDateTime) ? link : null;
    }

    /// <summary>Spends every other open link of the same purpose too: only the newest mail may work, and none after use.</summary>
    public async Task UseAsync(AccountLink link, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        link.Use(now);
        var others = await db.AccountLinks.Where(l => l.PersonId == link.PersonId && l.Purpose == link.Purpose && l.UsedAt == null && l.Id != link.Id)
            .ToListAsync(ct);
        foreach (var other in others)
            other.Use(now);
    }

    internal static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
