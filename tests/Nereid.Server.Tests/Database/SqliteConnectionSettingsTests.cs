using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Data.Database;

namespace Nereid.Server.Tests.Database;

/// <summary>Every SQLite connection Nereid opens waits for a locked file inside SQLite and commits without an fsync each (WAL).</summary>
public sealed class SqliteConnectionSettingsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("nereid-sqlite-settings-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    private NereidDbContext Context(string connectionString = "")
    {
        var builder = new DbContextOptionsBuilder<NereidDbContext>();
        DataServiceExtensions.Configure(builder, new DatabaseOptions { DataDirectory = _dir.FullName, ConnectionString = connectionString });
        return new NereidDbContext(builder.Options);
    }

    private static async Task<long> PragmaAsync(NereidDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA " + name + ";";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public void SqliteConnectionString_Default_NoSharedCache()
    {
        var builder = new SqliteConnectionStringBuilder(DataServiceExtensions.SqliteConnectionString(new DatabaseOptions { DataDirectory = _dir.FullName }));

        builder.Cache.ShouldBe(SqliteCacheMode.Default);
        builder.DataSource.ShouldBe(Path.Combine(_dir.FullName, "nereid.db"));
    }

    [Fact]
    public async Task OpenConnection_DefaultConnectionString_BusyTimeoutAndNormalSync()
    {
        await using var db = Context();
        await db.Database.OpenConnectionAsync();

        (await PragmaAsync(db, "busy_timeout")).ShouldBe(30_000);
        (await PragmaAsync(db, "synchronous")).ShouldBe(1); // NORMAL
    }

    [Fact]
    public async Task OpenConnection_PooledConnectionReopened_SettingsKept()
    {
        await using (var first = Context())
        {
            await first.Database.OpenConnectionAsync();
            await first.Database.CloseConnectionAsync();
        }
        await using var second = Context();
        await second.Database.OpenConnectionAsync();

        (await PragmaAsync(second, "busy_timeout")).ShouldBe(30_000);
        (await PragmaAsync(second, "synchronous")).ShouldBe(1);
    }

    [Fact]
    public async Task OpenConnection_OwnConnectionStringWithoutPooling_SettingsApplied()
    {
        await using var db = Context($"Data Source={Path.Combine(_dir.FullName, "own.db")};Pooling=False");
        await db.Database.OpenConnectionAsync();

        (await PragmaAsync(db, "busy_timeout")).ShouldBe(30_000);
        (await PragmaAsync(db, "synchronous")).ShouldBe(1);
    }
}
