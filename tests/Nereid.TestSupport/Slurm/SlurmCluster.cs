using System.Globalization;
using Nereid.TestSupport.Processes;

namespace Nereid.TestSupport.Slurm;

/// <summary>
/// A private, real Slurm 22.05 cluster on loopback: munged with its own key and socket, MariaDB with its own
/// datadir, slurmdbd, slurmctld, one compute node (slurmd: 4 CPUs, 4 GiB, <c>gpu:a100:2</c>) and slurmrestd
/// (<c>openapi/v0.0.38</c> + <c>openapi/dbv0.0.38</c>, JWT) run as an unprivileged user. Nereid's administrative
/// identity is the POSIX user <see cref="AdminUser"/>, a Slurm operator-level admin whose token is <see cref="AdminToken"/>.
/// Needs root (slurmd launches jobs as other users). Use <see cref="GetSharedAsync"/>: one per test process.
/// </summary>
public sealed partial class SlurmCluster : IAsyncDisposable
{
    /// <summary>The Slurm cluster name (ClusterName in slurm.conf).</summary>
    public const string ClusterName = "nereid";

    /// <summary>The POSIX and Slurm user Nereid acts as (AdminLevel=Administrator); never a person.</summary>
    public const string AdminUser = "nereid-slurm";

    /// <summary>The unprivileged POSIX user slurmrestd runs as (it refuses root and SlurmUser).</summary>
    public const string RestUser = "nereid-rest";

    /// <summary>The node's partition, its only one.</summary>
    public const string Partition = SlurmConfigFiles.Partition;

    /// <summary>The node's GPU type (gres <c>gpu:a100</c>).</summary>
    public const string GpuType = SlurmConfigFiles.GpuType;

    private static readonly Lazy<Task<SlurmCluster>> _shared = new(() => StartAsync(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly SlurmLayout _layout;
    private readonly List<int> _pids = [];
    private int? _watchdogPid;
    private int _stopped;

    private SlurmCluster(SlurmLayout layout, SlurmPorts ports)
    {
        _layout = layout;
        Ports = ports;
    }

    /// <summary>The loopback ports of the daemons.</summary>
    public SlurmPorts Ports { get; }

    /// <summary>slurmrestd's base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri RestUrl => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Ports.Slurmrestd}/"));

    /// <summary>A JWT (<c>scontrol token</c>, one day) for <see cref="AdminUser"/>: send as <c>X-SLURM-USER-TOKEN</c> with <c>X-SLURM-USER-NAME</c>.</summary>
    public string AdminToken { get; private set; } = "";

    /// <summary>The slurm.conf every client command reads (exported as <c>SLURM_CONF</c>).</summary>
    public string SlurmConf => _layout.SlurmConf;

    /// <summary>Temp folder with configs, state and logs; deleted on stop.</summary>
    public string RootDirectory => _layout.Root;

    /// <summary>The last lines of each daemon log, for failure messages.</summary>
    public string LogTail() => _layout.Tail();

    /// <summary>The instance shared by every test in this process; started on first call, stopped at process exit.</summary>
    public static Task<SlurmCluster> GetSharedAsync() => _shared.Value;

    /// <summary>Stops every daemon (slurmrestd first, MariaDB and munged last) and deletes the folder. Safe to call twice.</summary>
    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        for (var i = _pids.Count - 1; i >= 0; i--)
        {
            BackgroundProcess.Stop(_pids[i], TimeSpan.FromSeconds(3));
        }

        try
        {
            Directory.Delete(_layout.Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a run; /tmp is cleaned by the OS.
        }

        // Last, so a host killed while the daemons stop still has the watchdog finish; then it must not act on reused PIDs.
        if (_watchdogPid is { } watchdog)
        {
            BackgroundProcess.Stop(watchdog, TimeSpan.FromSeconds(1));
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Stop();
}
