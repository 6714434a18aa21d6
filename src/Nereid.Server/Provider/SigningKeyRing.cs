using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Nereid.Data;
using Nereid.Data.Provider;

namespace Nereid.Server.Provider;

/// <summary>
/// The provider's keys, kept in the database so every replica signs and publishes the same ones: an RSA signing key
/// (RS256) and an RSA key OpenIddict encrypts its own codes and refresh tokens with. Private keys are stored
/// protected with Data Protection (whose key ring is itself in the database). The first replica to find no usable
/// key creates one; a replica that loses the insert race reads the winner's.
/// </summary>
internal sealed class SigningKeyRing(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider time, IOptions<ProviderOptions> options)
{
    internal const string SigningAlgorithm = SecurityAlgorithms.RsaSha256;
    internal const string EncryptionAlgorithm = SecurityAlgorithms.RsaOAEP;
    private readonly IDataProtector _protector = protection.CreateProtector("Nereid.Provider.Keys");

    /// <summary>Keys of <paramref name="algorithm"/> still published, newest first; creates one when none signs now.</summary>
    public IReadOnlyList<RsaSecurityKey> Load(string algorithm)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var rows = db.ProviderSigningKeys.AsNoTracking().Where(k => k.Algorithm == algorithm && k.ExpiresAt > now)
            .OrderByDescending(k => k.CreatedAt).ToList();
        if (!rows.Any(k => k.RetiresAt > now))
        {
            rows.Insert(0, Create(db, algorithm, now));
        }
        return [.. rows.Select(Unprotect)];
    }

    private ProviderSigningKeyRow Create(NereidDbContext db, string algorithm, DateTime now)
    {
        using var rsa = RSA.Create(2048);
        var lifetime = options.Value.SigningKeyLifetime;
        var row = new ProviderSigningKeyRow
        {
            Id = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
            Algorithm = algorithm,
            ProtectedKey = Convert.ToBase64String(_protector.Protect(rsa.ExportPkcs8PrivateKey())),
            CreatedAt = now,
            RetiresAt = now + lifetime,
            // Published for one more access-token lifetime after it stops signing: tokens it signed stay verifiable.
            ExpiresAt = now + lifetime + options.Value.AccessTokenLifetime,
        };
        db.ProviderSigningKeys.Add(row);
        try
        {
            db.SaveChanges();
            return row;
        }
        catch (DbUpdateException)
        {
            // Another replica created one at the same moment: use the newest.
            db.ChangeTracker.Clear();
            return db.ProviderSigningKeys.AsNoTracking().Where(k => k.Algorithm == algorithm && k.RetiresAt > now)
                .OrderByDescending(k => k.CreatedAt).First();
        }
    }

    private RsaSecurityKey Unprotect(ProviderSigningKeyRow row)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(_protector.Unprotect(Convert.FromBase64String(row.ProtectedKey)), out _);
        return new RsaSecurityKey(rsa) { KeyId = row.Id };
    }
}
