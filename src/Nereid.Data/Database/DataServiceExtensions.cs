using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nereid.Data.DataProtection;

namespace Nereid.Data.Database;

public static class DataServiceExtensions
{
    /// <summary>Registers the DbContext for the configured provider and keeps data-protection keys in the database.</summary>
    public static IHostApplicationBuilder AddNereidData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Nereid:Database:ConnectionString is required when Provider is Postgres.")
            .ValidateOnStart();
        builder.Services.AddDbContextPool<NereidDbContext>((sp, options) =>
            Configure(options, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        builder.Services.AddDataProtection().SetApplicationName("nereid");
        builder.Services.AddSingleton<DatabaseXmlRepository>();
        builder.Services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<DatabaseXmlRepository>((o, repo) => o.XmlRepository = repo);
        builder.Services.AddSingleton<DatabaseMigrator>();
        return builder;
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseOptions db)
    {
        switch (db.Provider)
        {
            case DatabaseProvider.Postgres:
                options.UseNpgsql(db.ConnectionString, o => o.MigrationsHistoryTable(DatabaseMigrator.HistoryTable));
                break;
            default:
                options.UseSqlite(SqliteConnectionString(db), o => o.MigrationsHistoryTable(DatabaseMigrator.HistoryTable));
                options.AddInterceptors(SqliteConnectionSettings.Instance);
                break;
        }
        // Migrations are written by hand (the design-time package is not available), so there is no model snapshot
        // to compare against; schema tests check that the migrated database matches the model instead.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        options.AddInterceptors(DatabaseErrorCounter.Instance);
    }

    public static string SqliteConnectionString(DatabaseOptions db)
    {
        if (!string.IsNullOrWhiteSpace(db.ConnectionString))
            return db.ConnectionString;
        Directory.CreateDirectory(db.DataDirectory);
        // No shared cache: it turns SQLite's file locks into table locks answered SQLITE_LOCKED, which no busy timeout
        // waits for (Microsoft.Data.Sqlite then sleeps 150 ms per retry), and SQLite's documentation discourages it.
        return $"Data Source={Path.Combine(db.DataDirectory, "nereid.db")};Pooling=True";
    }
}
