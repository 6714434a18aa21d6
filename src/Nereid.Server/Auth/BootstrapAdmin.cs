using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Data.Database;
using Nereid.Domain.People;

namespace Nereid.Server.Auth;

/// <summary>
/// On first start, when no platform admin exists, creates local account <c>admin</c> with a one-time secret printed to the
/// console and written to the data directory (or the configured password), so a fresh install can be entered at once.
/// </summary>
internal sealed partial class BootstrapAdmin(IServiceScopeFactory scopes, IOptions<AuthOptions> auth, IOptions<DatabaseOptions> database,
    ILogger<BootstrapAdmin> logger)
{
    public const string UserName = "admin";

    /// <summary>
    /// Creates the first admin unless a platform admin exists. Insert-if-absent: of replicas racing on one database, the
    /// unique user name lets exactly one insert win; the others read the winner's row and print nothing.
    /// </summary>
    /// <returns>True when this call created the account.</returns>
    public async Task<bool> EnsureAsync(CancellationToken ct)
    {
        if (await AdminExistsAsync(ct))
            return false;
        var configured = auth.Value.BootstrapAdminPassword;
        var secret = string.IsNullOrEmpty(configured)
            ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))
            : configured;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<LocalAccountService>();
            await accounts.CreateAsync(null, UserName, secret, "Platform admin", "", Tier.PlatformAdmin, ct);
        }
        // Conflict: the winner committed before our check; DbUpdateException: it committed between our check and insert.
        catch (Exception ex) when (ex is Domain.Errors.ConflictException or DbUpdateException)
        {
            if (!await AdminExistsAsync(ct))
                throw;
            LogLostRace(logger);
            return false;
        }
        if (string.IsNullOrEmpty(configured))
        {
            var file = Path.Combine(database.Value.DataDirectory, "initial-admin-password");
            var written = await TryWriteSecretAsync(file, secret, ct);
            // Printed on purpose, once, like Jenkins' initial admin password: it is the only way into a fresh install.
            Console.WriteLine();
            Console.WriteLine("*************************************************************");
            Console.WriteLine(" Nereid first start: a platform admin account was created.");
            Console.WriteLine($"   user name: {UserName}");
            Console.WriteLine($"   password:  {secret}");
            Console.WriteLine(written ? $" (also in {Path.GetFullPath(file)}; change it after signing in)" : " (change it after signing in)");
            Console.WriteLine("*************************************************************");
            Console.WriteLine();
        }
        LogCreated(logger, UserName);
        return true;
    }

    private async Task<bool> AdminExistsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        return await db.People.AnyAsync(p => p.Tier == Tier.PlatformAdmin, ct);
    }

    private async Task<bool> TryWriteSecretAsync(string file, string secret, CancellationToken ct)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            await File.WriteAllTextAsync(file, secret + "\n", ct);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only root (a container) must not stop the first start: the account exists and the console has the secret.
            LogSecretNotWritten(logger, ex, file);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the initial admin password to {File}; it is printed on the console only")]
    private static partial void LogSecretNotWritten(ILogger logger, Exception exception, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another replica created the first platform admin at the same time; using its account")]
    private static partial void LogLostRace(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No platform admin existed; created local account {UserName}")]
    private static partial void LogCreated(ILogger logger, string userName);
}
