namespace Nereid.Server.FunctionalTests.Infrastructure;

/// <summary>A fresh database for one test host: a SQLite file by default, or a PostgreSQL database when
/// NEREID_TEST_DATABASE=postgres (a private server started by the test harness).</summary>
public sealed class TestDatabase : IDisposable
{
    public string Provider { get; private init; } = "Sqlite";
    public string ConnectionString { get; private init; } = "";
    public string DataDirectory { get; private init; } = "";

    public static bool UsePostgres =>
        string.Equals(Environment.GetEnvironmentVariable("NEREID_TEST_DATABASE"), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>An empty database, for tests of the migrations themselves.</summary>
    public static TestDatabase Create() => Create(migrated: false);

    /// <summary>A database with every migration applied, as a host leaves it after its first start (copied from <see cref="MigratedTemplate"/>).</summary>
    public static TestDatabase CreateMigrated() => Create(migrated: true);

    private static TestDatabase Create(bool migrated)
    {
        var dir = Path.Combine(Path.GetTempPath(), "nereid-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        if (UsePostgres)
        {
            var name = "nereid_" + Guid.NewGuid().ToString("N")[..12];
            var connectionString = migrated ? MigratedTemplate.CreatePostgres(name) : PostgresDatabases.Create(name);
            return new TestDatabase { Provider = "Postgres", ConnectionString = connectionString, DataDirectory = dir };
        }
        var file = Path.Combine(dir, "nereid.db");
        if (migrated)
            MigratedTemplate.CopySqliteTo(file);
        return new TestDatabase { Provider = "Sqlite", ConnectionString = $"Data Source={file};Pooling=True", DataDirectory = dir };
    }

    public void Dispose()
    {
        if (Provider == "Postgres")
        {
            // The host is gone; close its pooled connections now instead of holding server slots until they idle out.
            using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }
        else
        {
            // The same: pooled native connections keep the file open.
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);
            Microsoft.Data.Sqlite.SqliteConnection.ClearPool(connection);
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pooled connection; the temp folder is cleaned by the OS later.
        }
    }
}
