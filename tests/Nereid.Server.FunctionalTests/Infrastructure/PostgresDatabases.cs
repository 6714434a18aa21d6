namespace Nereid.Server.FunctionalTests.Infrastructure;

/// <summary>Creates databases on the suite's private PostgreSQL server (started on first use, stopped at exit).</summary>
internal static class PostgresDatabases
{
    public static string Create(string name) =>
        throw new NotSupportedException("PostgreSQL harness not wired yet.");
}
