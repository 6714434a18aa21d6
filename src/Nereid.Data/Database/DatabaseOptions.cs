using System.ComponentModel.DataAnnotations;

namespace Nereid.Data.Database;

/// <summary>Which database Nereid uses. Section <c>Nereid:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Nereid:Database";

    /// <summary><c>Sqlite</c> (embedded default) or <c>Postgres</c> (scale-out). Default: <c>Sqlite</c>.</summary>
    [Required]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// ADO.NET connection string. Default: empty, which for SQLite means <c>Data Source=&lt;DataDirectory&gt;/nereid.db</c>;
    /// required for PostgreSQL.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Folder for the SQLite file and other local state. Default: <c>data</c> under the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Apply pending schema migrations at start-up. Default: true.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
