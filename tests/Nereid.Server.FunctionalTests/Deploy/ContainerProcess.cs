using System.Diagnostics;
using System.Globalization;
using System.Text;
using Nereid.TestSupport.Processes;

namespace Nereid.Server.FunctionalTests.Deploy;

/// <summary>
/// Runs a published app roughly as a container runtime would, without one (none is installed where the tests run): a
/// private mount namespace (<c>unshare</c>) in which the app folder is bind-mounted read-only and the service-account
/// files appear at <c>/var/run/secrets/kubernetes.io/serviceaccount</c>; then <c>setpriv</c> drops to the pod's
/// uid/gid with no capabilities and no_new_privs, in the image's working directory, with only the given environment.
/// Needs root (to unshare and mount); the mounts vanish with the process.
/// </summary>
internal sealed class ContainerProcess : IAsyncDisposable
{
    public const string ServiceAccountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ContainerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Everything the process wrote so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ContainerProcess Start(string appDirectory, string serviceAccountDirectory, IReadOnlyList<string> entrypoint,
        IReadOnlyDictionary<string, string> environment, long uid, long gid)
    {
        var script = string.Join("\n",
            "set -e",
            "mount --bind \"$APP\" \"$APP\"",
            "mount -o remount,bind,ro \"$APP\"",
            // /run is private to this namespace from here on; nothing the server needs lives there (PostgreSQL is reached over TCP).
            "mount -t tmpfs -o mode=0755 tmpfs /run",
            $"mkdir -p {ServiceAccountPath}",
            $"mount --bind \"$SA\" {ServiceAccountPath}",
            $"mount -o remount,bind,ro {ServiceAccountPath}",
            "cd \"$APP\"",
            string.Create(CultureInfo.InvariantCulture,
                $"exec setpriv --reuid={uid} --regid={gid} --clear-groups --no-new-privs --inh-caps=-all --bounding-set=-all -- ")
                + ExitWatchdog.Command(entrypoint[0], entrypoint.Skip(1)));
        var info = new ProcessStartInfo("unshare", ["--mount", "--propagation", "private", "--", "/bin/sh", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = appDirectory,
        };
        // Only what the image and the pod set, as in a container; nothing leaks in from the test runner.
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        info.Environment["APP"] = appDirectory;
        info.Environment["SA"] = serviceAccountDirectory;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        return new ContainerProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start unshare"));
    }

    /// <summary>The real and effective uid of the process (read from /proc, after setpriv has exec'd the server).</summary>
    public (long Real, long Effective) UserIds()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        var ids = line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(ids[1], CultureInfo.InvariantCulture), long.Parse(ids[2], CultureInfo.InvariantCulture));
    }

    /// <summary>Sends SIGTERM (as the kubelet does) and waits up to <paramref name="grace"/>; true when it exited in time.</summary>
    public async Task<bool> StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return true;
        }
        (await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])).EnsureSuccess("kill -TERM");
        using var cts = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!await StopAsync(TimeSpan.FromSeconds(30)))
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
