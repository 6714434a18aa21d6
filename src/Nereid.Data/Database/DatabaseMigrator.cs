using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nereid.Data.Database;

/// <summary>
/// Brings the schema up to date in place; safe to run on every start and from several replicas at once: the whole run
/// holds one database-wide lock (<see cref="MigrationLock"/>) and decides what is pending only after taking it.
/// </summary>
public sealed partial class DatabaseMigrator(IServiceScopeFactory scopes, ILogger<DatabaseMigrator> logger)
{
    /// <summary>Applies pending migrations; returns how many this call applied (0 when another replica already had).</summary>
    public async Task<int> MigrateAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        // Cheap check first: a migrated database (every restart) takes no lock at all.
        if (!(await db.Database.GetPendingMigrationsAsync(ct)).Any())
            return 0;
        await using var held = await MigrationLock.AcquireAsync(db, ct);
        // Re-read after the lock: the replica we waited for may have applied everything.
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count == 0)
        {
            LogAppliedByOther(logger);
            return 0;
        }
        LogApplying(logger, pending.Count, string.Join(", ", pending));
        if (db.Database.IsSqlite())
        {
            // WAL lets the portal read while a background service writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        await db.Database.MigrateAsync(ct);
        return pending.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} database migration(s): {Migrations}")]
    private static partial void LogApplying(ILogger logger, int count, string migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another replica applied the pending migrations while this one waited for the migration lock")]
    private static partial void LogAppliedByOther(ILogger logger);
}
