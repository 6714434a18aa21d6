using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Nereid.Data;
using Nereid.Data.Database;
using Nereid.TestSupport.Postgres;

namespace Nereid.Server.FunctionalTests.Infrastructure;

/// <summary>
/// One database per test process migrated by the product's own <see cref="DatabaseMigrator"/>, which every test host's
/// database starts as a copy of: a host then finds nothing pending, instead of each of several hundred hosts applying every
/// migration again (about 0.4 s of CPU each). The migrations themselves are still run, once per process and per provider,
/// and the step-by-step migration tests start from empty databases (<see cref="TestDatabase.Create"/>).
/// </summary>
internal static class MigratedTemplate
{
    private static readonly Lazy<string> SqliteFile = new(CreateSqliteFile, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> PostgresName = new(CreatePostgresDatabase, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Copies the migrated SQLite file to <paramref name="path"/>.</summary>
    public static void CopySqliteTo(string path) => File.Copy(SqliteFile.Value, path);

    /// <summary>Creates PostgreSQL database <paramref name="name"/> as a copy of the migrated one; returns its connection string.</summary>
    public static string CreatePostgres(string name) =>
        PostgresServer.GetSharedAsync().GetAwaiter().GetResult().CreateDatabaseAsync(name, PostgresName.Value).GetAwaiter().GetResult();

    private static string CreateSqliteFile()
    {
        var dir = Path.Combine(Path.GetTempPath(), "nereid-template-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(dir);
        var file = Path.Combine(dir, "nereid.db");
        // No pooling: the last connection closing checkpoints the WAL into the file, so the file alone is the whole database.
        Migrate(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={file};Pooling=False", DataDirectory = dir });
        return file;
    }

    private static string CreatePostgresDatabase()
    {
        var name = "nereid_template_" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = PostgresDatabases.Create(name);
        Migrate(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString });
        // PostgreSQL refuses to copy a database somebody is connected to.
        using var connection = new Npgsql.NpgsqlConnection(connectionString);
        Npgsql.NpgsqlConnection.ClearPool(connection);
        return name;
    }

    private static void Migrate(DatabaseOptions options)
    {
        var services = new ServiceCollection();
        services.AddDbContext<NereidDbContext>(o => DataServiceExtensions.Configure(o, options));
        using var provider = services.BuildServiceProvider();
        var migrator = new DatabaseMigrator(provider.GetRequiredService<IServiceScopeFactory>(), NullLogger<DatabaseMigrator>.Instance);
        migrator.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
