using Nereid.TestSupport.Processes;

namespace Nereid.TestSupport.Slurm;

public sealed partial class SlurmCluster
{
    /// <summary>
    /// Runs a Slurm client command (<c>sacctmgr</c>, <c>sbatch</c>, <c>sacct</c>, <c>squeue</c>, <c>scontrol</c>…)
    /// against this cluster, as root or, with <paramref name="asUser"/>, as that POSIX user through <c>runuser</c>.
    /// </summary>
    public Task<ProcessResult> RunAsync(string command, IEnumerable<string> arguments, string? asUser = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        ArgumentNullException.ThrowIfNull(arguments);
        var environment = new Dictionary<string, string?> { ["SLURM_CONF"] = SlurmConf };
        if (asUser is null)
        {
            return ProcessRunner.RunAsync(command, arguments, environment, cancellationToken: cancellationToken);
        }

        // runuser resets the environment, so pass SLURM_CONF through env.
        return ProcessRunner.RunAsync("runuser", ["-u", asUser, "--", "env", "SLURM_CONF=" + SlurmConf, command, .. arguments],
            cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Runs SQL against slurmdbd's database (<c>slurm_acct_db</c>) in the harness's MariaDB, as its root over the private
    /// socket: for benchmarks that need accounting records in bulk without running jobs.
    /// </summary>
    public Task<ProcessResult> SqlAsync(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sql);
        return ProcessRunner.RunAsync("/usr/bin/mariadb", ["--no-defaults", "-S", _layout.MariaDbSocket, "-uroot", "slurm_acct_db", "-e", sql],
            cancellationToken: cancellationToken);
    }

    /// <summary>
    /// <c>sbatch --account=<paramref name="account"/></c> as <paramref name="user"/> of a one-line script; on success the
    /// standard output is the job id. Extra sbatch options (e.g. <c>--gres=gpu:2</c>) go in <paramref name="options"/>.
    /// </summary>
    public Task<ProcessResult> SubmitAsync(string user, string account, string script, IEnumerable<string>? options = null,
        CancellationToken cancellationToken = default) =>
        RunAsync("sbatch",
            ["--parsable", "--account=" + account, "--chdir=/tmp", "--output=/dev/null", .. options ?? [], "--wrap", script],
            user, cancellationToken);

    /// <summary>The job's state and pending reason as <c>squeue</c> shows them (e.g. <c>PENDING AssocGrpCpuLimit</c>), or sacct's state once it left the queue.</summary>
    public async Task<(string State, string Reason)> JobStateAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var queued = await RunAsync("squeue", ["-h", "-j", jobId, "-o", "%T|%r"], cancellationToken: cancellationToken);
        var line = queued.Succeeded ? queued.StandardOutput.Trim() : "";
        if (line.Length > 0)
        {
            var parts = line.Split('|');
            return (parts[0], parts[1]);
        }

        var accounted = (await RunAsync("sacct", ["-n", "-X", "-P", "-j", jobId, "-o", "State"], cancellationToken: cancellationToken))
            .EnsureSuccess("sacct");
        return (accounted.StandardOutput.Trim(), "");
    }

    /// <summary>Polls until the job is in one of <paramref name="states"/>; returns the state and reason seen.</summary>
    public async Task<(string State, string Reason)> WaitForJobAsync(string jobId, IReadOnlyCollection<string> states, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var seen = await JobStateAsync(jobId, cancellationToken);
            if (states.Contains(seen.State))
            {
                return seen;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {jobId} is {seen.State} ({seen.Reason}), not in [{string.Join(", ", states)}].");
            }

            await Task.Delay(250, cancellationToken);
        }
    }
}
