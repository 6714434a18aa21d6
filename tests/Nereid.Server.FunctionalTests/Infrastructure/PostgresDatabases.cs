using Nereid.TestSupport.Postgres;

namespace Nereid.Server.FunctionalTests.Infrastructure;

/// <summary>Creates databases on the suite's private PostgreSQL server (started on first use, stopped at exit).</summary>
internal static class PostgresDatabases
{
    // WebApplicationFactory configures hosts synchronously; the shared server starts once per test process.
    public static string Create(string name) =>
        PostgresServer.GetSharedAsync().GetAwaiter().GetResult().CreateDatabaseAsync(name).GetAwaiter().GetResult();
}
