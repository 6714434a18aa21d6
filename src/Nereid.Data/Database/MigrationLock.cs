using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Nereid.Data.Database;

/// <summary>
/// One database-wide lock held for a whole migration run, so a replica that starts beside another waits for it and then
/// finds nothing left to apply. EF Core's own migration lock on PostgreSQL lasts one migration's transaction only, which
/// let a second replica re-run a migration the first had just applied (<c>42P07 relation already exists</c>).
/// </summary>
internal sealed class MigrationLock : IAsyncDisposable
{
    // Any fixed 64-bit number shared by every replica; "nereid-migrate" in ASCII, truncated.
    internal const long PostgresKey = 0x6E65726569642D6D;

    private readonly DbConnection? _connection;
    private readonly FileStream? _file;

    private MigrationLock(DbConnection? connection, FileStream? file)
    {
        _connection = connection;
        _file = file;
    }

    /// <summary>Waits for and takes the lock of the database <paramref name="db"/> is configured for.</summary>
    public static async Task<MigrationLock> AcquireAsync(NereidDbContext db, CancellationToken ct)
    {
        var connectionString = db.Database.GetConnectionString() ?? "";
        if (db.Database.IsNpgsql())
        {
            // Session-level advisory lock on a connection of its own: held until this connection closes, whatever
            // transactions the migrations open and close on the context's connection.
            var connection = new NpgsqlConnection(connectionString);
            try
            {
                await connection.OpenAsync(ct);
                await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
                command.Parameters.AddWithValue("key", PostgresKey);
                await command.ExecuteNonQueryAsync(ct);
                return new MigrationLock(connection, null);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
        return new MigrationLock(null, await LockFileAsync(connectionString, ct));
    }

    /// <summary>
    /// SQLite has one writer per file, but two processes could still both decide to migrate; an exclusive lock file beside
    /// the database serialises whole runs across processes (an in-memory database has no second process to fear).
    /// </summary>
    private static async Task<FileStream?> LockFileAsync(string connectionString, CancellationToken ct)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            return null;
        var path = Path.GetFullPath(source) + ".migrate.lock";
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                // Polling an operating-system lock another process holds: real time, even under a test's fake clock.
                await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, ct);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            // Closing the session releases a session-level advisory lock; unlocking first returns the pooled connection clean.
            if (_connection.State == System.Data.ConnectionState.Open)
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", (NpgsqlConnection)_connection);
                command.Parameters.AddWithValue("key", PostgresKey);
                await command.ExecuteNonQueryAsync();
            }
            await _connection.DisposeAsync();
        }
        if (_file is not null)
            await _file.DisposeAsync();
    }
}
