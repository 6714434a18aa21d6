using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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
        if (await HistoryTableExistsAsync(db, ct) && !(await db.Database.GetPendingMigrationsAsync(ct)).Any())
            return 0;
        await using var held = await MigrationLock.AcquireAsync(db, ct);
        // EF's own checks read the history table and, on a new PostgreSQL database, let the server answer that it does not
        // exist, which EF logs at Error level (three times per first start); made here, under the lock, it always exists.
        await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), ct);
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

    /// <summary>The table of applied migrations (EF's default name would be shared with any other EF application's schema).</summary>
    internal const string HistoryTable = "__nereid_migrations";

    /// <summary>Asked of the catalog, not by reading the table (see above).</summary>
    private static Task<bool> HistoryTableExistsAsync(NereidDbContext db, CancellationToken ct) =>
        db.Database.SqlQueryRaw<bool>(db.Database.IsNpgsql()
                ? $"SELECT to_regclass('{HistoryTable}') IS NOT NULL AS \"Value\""
                : $"SELECT count(*) > 0 AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '{HistoryTable}'")
            .SingleAsync(ct);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} database migration(s): {Migrations}")]
    private static partial void LogApplying(ILogger logger, int count, string migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another replica applied the pending migrations while this one waited for the migration lock")]
    private static partial void LogAppliedByOther(ILogger logger);
}
