using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using Nereid.Data;
using Nereid.Data.Provider;

namespace Nereid.Server.Provider.Keys;

/// <summary>
/// The provider's keys in the database, so every replica signs and publishes the same ones: RSA signing keys (RS256)
/// and RSA keys OpenIddict encrypts its own codes and refresh tokens with. Private keys are stored protected with Data
/// Protection (whose key ring is itself in the database). A row signs from <c>CreatedAt</c> (ahead of now for the next
/// key) until <c>RetiresAt</c> and is published until <c>ExpiresAt</c>.
/// </summary>
internal sealed partial class SigningKeyStore(IServiceScopeFactory scopes, IDataProtectionProvider protection, ILogger<SigningKeyStore> logger)
{
    internal const string SigningAlgorithm = SecurityAlgorithms.RsaSha256;
    internal const string EncryptionAlgorithm = SecurityAlgorithms.RsaOAEP;
    internal static readonly string[] Algorithms = [SigningAlgorithm, EncryptionAlgorithm];
    private readonly IDataProtector _protector = protection.CreateProtector("Nereid.Provider.Keys");

    /// <summary>Every key still published at <paramref name="now"/> (both algorithms).</summary>
    public async Task<IReadOnlyList<ProviderKey>> LoadAsync(DateTime now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var rows = await db.ProviderSigningKeys.AsNoTracking().Where(k => k.ExpiresAt > now).ToListAsync(ct);
        return [.. rows.Select(Unprotect).OfType<ProviderKey>()];
    }

    /// <summary>Adds a key of <paramref name="algorithm"/> that signs from <paramref name="signsFrom"/> for <paramref name="lifetime"/>.</summary>
    public async Task<ProviderKey> CreateAsync(string algorithm, DateTime signsFrom, TimeSpan lifetime, TimeSpan retention, CancellationToken ct)
    {
        using var rsa = RSA.Create(2048);
        var row = new ProviderSigningKeyRow
        {
            Id = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
            Algorithm = algorithm,
            ProtectedKey = Convert.ToBase64String(_protector.Protect(rsa.ExportPkcs8PrivateKey())),
            CreatedAt = signsFrom,
            RetiresAt = signsFrom + lifetime,
            // Published after it stops signing until the longest-lived token it protected has expired.
            ExpiresAt = signsFrom + lifetime + retention,
        };
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        db.ProviderSigningKeys.Add(row);
        await db.SaveChangesAsync(ct);
        LogCreated(logger, row.Id, algorithm, row.CreatedAt, row.RetiresAt);
        return Unprotect(row)!;
    }

    /// <summary>Deletes keys no longer published at <paramref name="now"/>; returns how many.</summary>
    public async Task<int> PruneAsync(DateTime now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        return await db.ProviderSigningKeys.Where(k => k.ExpiresAt <= now).ExecuteDeleteAsync(ct);
    }

    private ProviderKey? Unprotect(ProviderSigningKeyRow row)
    {
        try
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(_protector.Unprotect(Convert.FromBase64String(row.ProtectedKey)), out _);
            return new ProviderKey(row.Id, row.Algorithm, row.CreatedAt, row.RetiresAt, row.ExpiresAt, new RsaSecurityKey(rsa) { KeyId = row.Id });
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            // A row protected with a Data Protection key this replica cannot read is skipped, not fatal: the others still sign.
            LogUnreadable(logger, row.Id, ex);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider key {KeyId} ({Algorithm}) created: signs from {SignsFrom:O} until {RetiresAt:O}")]
    private static partial void LogCreated(ILogger logger, string keyId, string algorithm, DateTime signsFrom, DateTime retiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider key {KeyId} could not be unprotected and is ignored")]
    private static partial void LogUnreadable(ILogger logger, string keyId, Exception exception);
}
