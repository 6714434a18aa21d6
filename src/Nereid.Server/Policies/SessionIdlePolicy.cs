using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Policies;

/// <summary>
/// GPU-aware idle stop of JupyterHub servers (the hub of <c>Nereid:Sessions</c>): a ready server with GPUs whose
/// <c>last_activity</c> is older than <see cref="IdleAfter"/> and whose pod's GPUs averaged below
/// <see cref="MaxUtilizationPercent"/> over <see cref="Window"/> is noticed, then stopped through JupyterHub's API once
/// <see cref="StopAfterNotices"/> notices went out and <see cref="GracePeriod"/> passed (level <c>Act</c>, dry run off).
/// A server without GPU series is never judged idle: unknown use is not idle use.
/// </summary>
internal sealed class SessionIdlePolicy : PolicyRule
{
    /// <summary>Time since the server's last activity after which it may count as idle. Default 2 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan IdleAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Average GPU utilisation (percent, DCGM_FI_DEV_GPU_UTIL) below which the GPUs count as idle. Default 5.</summary>
    [Range(0, 100)]
    public double MaxUtilizationPercent { get; set; } = 5;

    /// <summary>Window the GPU utilisation is averaged over. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Notices sent before the server is stopped. Default 1.</summary>
    [Range(1, 100)]
    public int StopAfterNotices { get; set; } = 1;

    /// <summary>Time since first seen idle before stopping, so the owner can react to the notice. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(1);
}
