using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Nereid.Data.Database;

/// <summary>
/// Per-connection SQLite settings, applied once to each native connection when EF first opens it (the pool hands the
/// same native connection out again with its settings kept; EF opens and closes around every query).
/// <list type="bullet">
/// <item><c>busy_timeout</c>: a writer that finds the file locked waits inside SQLite, which retries within a
/// millisecond or two of the lock being released. Without it SQLite answers SQLITE_BUSY at once and
/// Microsoft.Data.Sqlite retries after a fixed 150 ms <c>Thread.Sleep</c>: measured on the idp bench, those sleeps were
/// most of every refresh grant's time (four small writes per grant, each a chance to collide with another).</item>
/// <item><c>synchronous=NORMAL</c>: in WAL mode (set by <see cref="DatabaseMigrator"/>) commits no longer wait for an
/// fsync each; the database stays consistent after any crash, and only a power loss or OS crash can undo the last
/// commits (SQLite's recommended setting for WAL).</item>
/// </list>
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    // 30 s: as long as a command may run by default in Microsoft.Data.Sqlite, so the wait never gives up sooner.
    private const string Pragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";

    public static readonly SqliteConnectionSettings Instance = new();

    // Native connections already set up; weak, so a connection the pool drops is forgotten with it.
    private static readonly ConditionalWeakTable<object, object> Applied = [];

    private static bool Needs(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Applied.TryAdd(handle, handle);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!Needs(connection))
            return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!Needs(connection))
            return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
