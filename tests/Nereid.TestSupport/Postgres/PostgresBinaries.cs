namespace Nereid.TestSupport.Postgres;

/// <summary>Locates the PostgreSQL server binaries (initdb, pg_ctl), which Debian keeps off the PATH.</summary>
public static class PostgresBinaries
{
    /// <summary>Environment variable naming the bin folder explicitly; default is the newest <c>/usr/lib/postgresql/&lt;major&gt;/bin</c>.</summary>
    public const string EnvironmentVariable = "NEREID_PG_BIN";

    /// <summary>Returns the folder containing <c>initdb</c> and <c>pg_ctl</c>.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed; scripts/test.sh installs it.</exception>
    public static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        const string root = "/usr/lib/postgresql";
        var candidate = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Path: Path.Combine(d, "bin"), Major: int.TryParse(Path.GetFileName(d), out var major) ? major : 0))
                .Where(c => File.Exists(Path.Combine(c.Path, "initdb")))
                .OrderByDescending(c => c.Major)
                .Select(c => c.Path)
                .FirstOrDefault()
            : null;
        return candidate ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found under /usr/lib/postgresql; run scripts/test.sh (installs postgresql) or set NEREID_PG_BIN.");
    }
}
