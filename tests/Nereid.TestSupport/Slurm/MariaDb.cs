using System.Globalization;
using Nereid.TestSupport.Processes;

namespace Nereid.TestSupport.Slurm;

/// <summary>
/// slurmdbd's private MariaDB: its own datadir and socket, TCP on loopback, run as the <c>mysql</c> user, durability off.
/// A throw-away test database, so: no binary log (<c>--skip-log-bin</c>, nothing replicates from it), no flush of the redo
/// log at each commit (<c>--innodb-flush-log-at-trx-commit=0</c>: a crash may lose the last second, which a test never
/// reuses) and no doublewrite buffer (<c>--innodb-doublewrite=0</c>: torn pages only matter after a crash). With these the
/// projection's cost is CPU in slurmdbd and MariaDB, not fsync (docs/testing.md, "The Slurm harness").
/// </summary>
internal static class MariaDb
{
    public static async Task<int> StartAsync(SlurmLayout layout, int port, string slurmPassword, CancellationToken cancellationToken)
    {
        (await ProcessRunner.RunAsync("chown", ["mysql:mysql", layout.MariaDbData], cancellationToken: cancellationToken)).EnsureSuccess("chown of the MariaDB folder");
        (await ProcessRunner.RunAsync("/usr/bin/mariadb-install-db",
            ["--no-defaults", "--datadir=" + layout.MariaDbData, "--user=mysql", "--auth-root-authentication-method=socket", "--skip-test-db"],
            cancellationToken: cancellationToken)).EnsureSuccess("mariadb-install-db");

        var pid = await BackgroundProcess.StartAsync("/usr/sbin/mariadbd",
            ["--no-defaults", "--datadir=" + layout.MariaDbData, "--user=mysql", "--bind-address=127.0.0.1",
                string.Create(CultureInfo.InvariantCulture, $"--port={port}"), "--socket=" + layout.MariaDbSocket,
                "--pid-file=" + Path.Combine(layout.MariaDbData, "mariadbd.pid"), "--log-error=" + Path.Combine(layout.Logs, "mariadb.log"),
                "--skip-log-bin", "--skip-name-resolve", "--innodb-buffer-pool-size=128M", "--innodb-lock-wait-timeout=900",
                "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0"],
            Path.Combine(layout.Logs, "mariadb.out"), cancellationToken: cancellationToken);
        await TcpProbe.WaitAsync(port, "mariadbd", layout.Tail, pid, TimeSpan.FromSeconds(60), cancellationToken);

        // The password is hex, so it needs no SQL quoting.
        (await ProcessRunner.RunAsync("/usr/bin/mariadb",
            ["--no-defaults", "-S", layout.MariaDbSocket, "-uroot", "-e",
                $"CREATE USER 'slurm'@'127.0.0.1' IDENTIFIED BY '{slurmPassword}'; GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';"],
            cancellationToken: cancellationToken)).EnsureSuccess("creating the slurm database user");
        return pid;
    }
}
