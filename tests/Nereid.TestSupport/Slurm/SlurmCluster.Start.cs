using System.Globalization;
using System.Security.Cryptography;
using Nereid.TestSupport.Processes;

namespace Nereid.TestSupport.Slurm;

public sealed partial class SlurmCluster
{
    private const string PluginDirectory = "/usr/lib/x86_64-linux-gnu/slurm-wlm";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Starts a new private cluster; the caller disposes it (it is also stopped at process exit).</summary>
    /// <exception cref="InvalidOperationException">Not root, a package is missing, or a daemon failed (the message holds its log).</exception>
    public static async Task<SlurmCluster> StartAsync(CancellationToken cancellationToken = default)
    {
        CheckPrerequisites();
        var layout = new SlurmLayout(Path.Combine(Path.GetTempPath(), "nereid-slurm-" + Guid.NewGuid().ToString("N")[..12]));
        var cluster = new SlurmCluster(layout, SlurmPorts.PickFree());
        try
        {
            await cluster.BootAsync(cancellationToken);
            AppDomain.CurrentDomain.ProcessExit += cluster.OnProcessExit;
            return cluster;
        }
        catch (Exception)
        {
            var tail = layout.Tail();
            await cluster.DisposeAsync();
            if (tail.Length > 0)
            {
                Console.Error.WriteLine(tail);
            }

            throw;
        }
    }

    /// <summary>Null when every program and plugin the harness starts is installed; otherwise the missing paths.</summary>
    public static string? MissingPrerequisites()
    {
        string[] needed = ["/usr/sbin/munged", "/usr/sbin/mariadbd", "/usr/sbin/slurmdbd", "/usr/sbin/slurmctld", "/usr/sbin/slurmd",
            "/usr/sbin/slurmrestd", Path.Combine(PluginDirectory, "auth_jwt.so"), Path.Combine(PluginDirectory, "openapi_dbv0_0_38.so")];
        var missing = needed.Where(p => !File.Exists(p)).ToList();
        return missing.Count == 0 ? null : string.Join(", ", missing);
    }

    private static void CheckPrerequisites()
    {
        if (!SystemUser.IsRoot)
        {
            throw new InvalidOperationException("The Slurm harness needs root: slurmd starts jobs as the test users.");
        }

        if (MissingPrerequisites() is { } missing)
        {
            throw new InvalidOperationException(
                $"Slurm harness prerequisites missing ({missing}); run scripts/install-prerequisites.sh slurm.");
        }
    }

    private async Task BootAsync(CancellationToken cancellationToken)
    {
        _layout.Create();
        await ArmWatchdogAsync(cancellationToken);
        await PosixUsers.EnsureSystemUserAsync(AdminUser, cancellationToken);
        await PosixUsers.EnsureSystemUserAsync(RestUser, cancellationToken);
        WriteSecret(_layout.MungeKey, 1024, UnixFileMode.UserRead);
        WriteSecret(_layout.JwtKey, 32, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var databasePassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        SlurmConfigFiles.Write(_layout, Ports, ClusterName, databasePassword);

        await StartMungeAsync(cancellationToken);
        Track(await MariaDb.StartAsync(_layout, Ports.MariaDb, databasePassword, cancellationToken));

        await StartDaemonAsync("/usr/sbin/slurmdbd", ["-D"], "slurmdbd", Ports.Slurmdbd, cancellationToken);
        await RetryAsync(() => RunAsync("sacctmgr", ["-i", "add", "cluster", ClusterName], cancellationToken: cancellationToken), "sacctmgr add cluster", cancellationToken);
        await StartDaemonAsync("/usr/sbin/slurmctld", ["-D", "-i"], "slurmctld", Ports.Slurmctld, cancellationToken);
        await StartDaemonAsync("/usr/sbin/slurmd", ["-D", "-N", SlurmConfigFiles.NodeName], "slurmd", Ports.Slurmd, cancellationToken);
        await WaitForIdleNodeAsync(cancellationToken);

        (await RunAsync("sacctmgr", ["-i", "add", "user", AdminUser, "account=root", "adminlevel=admin"], cancellationToken: cancellationToken))
            .EnsureSuccess("sacctmgr add admin user");
        AdminToken = await CreateTokenAsync(AdminUser, TimeSpan.FromDays(1), cancellationToken);

        // slurmrestd drops to RestUser after binding; SLURM_JWT=daemon makes it authenticate each request's token
        // instead of using munge for itself.
        await StartDaemonAsync("/usr/sbin/slurmrestd",
            ["-a", "rest_auth/jwt", "-s", "openapi/v0.0.38,openapi/dbv0.0.38", "-u", RestUser, "-g", RestUser,
                string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Ports.Slurmrestd}")],
            "slurmrestd", Ports.Slurmrestd, cancellationToken, new Dictionary<string, string> { ["SLURM_JWT"] = "daemon" });
    }

    /// <summary>Mints a JWT for <paramref name="user"/> with <c>scontrol token</c> (slurmctld signs it with the cluster key).</summary>
    public async Task<string> CreateTokenAsync(string user, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var result = (await RunAsync("scontrol",
            ["token", "username=" + user, string.Create(CultureInfo.InvariantCulture, $"lifespan={(int)lifetime.TotalSeconds}")],
            cancellationToken: cancellationToken)).EnsureSuccess("scontrol token");
        const string prefix = "SLURM_JWT=";
        var line = result.StandardOutput.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line[prefix.Length..].Trim();
    }

    private async Task StartMungeAsync(CancellationToken cancellationToken)
    {
        var pid = await BackgroundProcess.StartAsync("/usr/sbin/munged",
            ["-F", "-f", "--socket=" + _layout.MungeSocket, "--key-file=" + _layout.MungeKey,
                "--log-file=" + Path.Combine(_layout.Logs, "munged.log"), "--pid-file=" + Path.Combine(_layout.MungeDirectory, "munged.pid"),
                "--seed-file=" + Path.Combine(_layout.MungeKeyDirectory, "munged.seed"), "--num-threads=4"],
            Path.Combine(_layout.Logs, "munged.out"), cancellationToken: cancellationToken);
        Track(pid);
        await WaitUntilAsync(() => Task.FromResult(File.Exists(_layout.MungeSocket)), "munged socket", pid, cancellationToken);
    }

    private async Task StartDaemonAsync(string file, string[] arguments, string name, int port, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["SLURM_CONF"] = SlurmConf };
        var pid = await BackgroundProcess.StartAsync(file, arguments, Path.Combine(_layout.Logs, name + ".out"), env, cancellationToken);
        Track(pid);
        await TcpProbe.WaitAsync(port, name, _layout.Tail, pid, StartTimeout, cancellationToken);
    }

    private async Task WaitForIdleNodeAsync(CancellationToken cancellationToken)
    {
        await WaitUntilAsync(async () =>
        {
            var result = await RunAsync("sinfo", ["-h", "-N", "-o", "%T"], cancellationToken: cancellationToken);
            return result.Succeeded && result.StandardOutput.Trim() == "idle";
        }, "node idle", null, cancellationToken);
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int? pid, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await condition())
        {
            if ((pid is { } p && !BackgroundProcess.IsAlive(p)) || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Slurm harness: {what} not reached.\n{_layout.Tail()}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private async Task RetryAsync(Func<Task<ProcessResult>> action, string what, CancellationToken cancellationToken)
    {
        ProcessResult? last = null;
        await WaitUntilAsync(async () => (last = await action()).Succeeded, what, null, cancellationToken);
        last?.EnsureSuccess(what);
    }

    private async Task ArmWatchdogAsync(CancellationToken cancellationToken)
    {
        // Covers a killed test host: stop the daemons (newest first; SIGKILL those still there after 5 s) and remove the
        // folder. The shell runs in a session of its own, outside the test host's process tree: a runner that ends a hung or
        // slow-to-exit host kills its whole tree, which took a child watchdog with it and left every daemon running.
        var pids = ExitWatchdog.Quote(_layout.PidList);
        var script = string.Create(CultureInfo.InvariantCulture,
            $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; for p in $(tac {pids}); do kill $p; done; sleep 5; ")
            + $"for p in $(tac {pids}); do kill -9 $p 2>/dev/null; done; rm -rf {ExitWatchdog.Quote(_layout.Root)}";
        _watchdogPid = await BackgroundProcess.StartAsync("/bin/sh", ["-c", script], "/dev/null", cancellationToken: cancellationToken);
    }

    private void Track(int pid)
    {
        _pids.Add(pid);
        File.AppendAllText(_layout.PidList, pid.ToString(CultureInfo.InvariantCulture) + "\n");
    }

    private static void WriteSecret(string path, int bytes, UnixFileMode mode)
    {
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(bytes));
        UnixMode.Set(path, mode);
    }
}
