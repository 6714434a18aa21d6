namespace Nereid.Bench.Prerequisites;

/// <summary>
/// Something a scenario needs beyond the .NET SDK; the lower-case name is the argument
/// <c>scripts/install-prerequisites.sh</c> takes for it.
/// </summary>
public enum Prerequisite
{
    /// <summary>PostgreSQL server binaries (<c>initdb</c>, <c>pg_ctl</c>): <c>postgresql</c>.</summary>
    PostgreSql,

    /// <summary>Headless Chromium for the OpenID login: <c>chromium</c>.</summary>
    Chromium,

    /// <summary><c>prometheus</c> and <c>promtool</c>: <c>prometheus</c>.</summary>
    Prometheus,

    /// <summary>node + npm and the test OpenID provider's <c>node_modules</c>: <c>node</c>.</summary>
    Node,

    /// <summary>Slurm 22.05 daemons and the JWT plugin, munge and MariaDB for the Slurm harness: <c>slurm</c>.</summary>
    Slurm,
}
