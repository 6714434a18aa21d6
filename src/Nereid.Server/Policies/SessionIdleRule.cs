using System.Globalization;
using Nereid.Domain.Policies;
using Nereid.Server.Sessions;

namespace Nereid.Server.Policies;

/// <summary>
/// Pure logic of the <see cref="PolicyKind.SessionIdle"/> policy: JupyterHub servers, their pods' GPU utilisation and the
/// live exceptions in, findings out. Recent activity, busy GPUs, missing GPU series, a pending or GPU-less server: no finding.
/// </summary>
internal static class SessionIdleRule
{
    /// <summary>The kind recorded on session violations.</summary>
    public const string WorkloadKind = "JupyterServer";

    /// <summary>
    /// The pod KubeSpawner names for a server (<c>pod_name_template</c> <c>jupyter-{user_server}</c>, where a named server
    /// is <c>{user}--{server}</c>); user and server names the hub already holds as DNS labels pass through unchanged.
    /// </summary>
    public static string PodName(string user, string server) =>
        (server.Length == 0 ? $"jupyter-{user}" : $"jupyter-{user}--{server}").ToLowerInvariant();

    /// <summary>Findings at <paramref name="now"/>.</summary>
    /// <param name="gpuPercent">Average GPU utilisation over the policy's window by (cluster, namespace, pod); cluster "" matches any.</param>
    /// <param name="owners">Owner hint (email) by hub user name, where known.</param>
    public static List<PolicyFinding> Evaluate(IReadOnlyList<HubServer> servers, IReadOnlyDictionary<(string, string, string), double> gpuPercent,
        string cluster, IReadOnlyList<PolicyException> exceptions, IReadOnlyDictionary<string, string> owners, SessionIdlePolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(gpuPercent);
        ArgumentNullException.ThrowIfNull(exceptions);
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentNullException.ThrowIfNull(policy);
        var findings = new List<PolicyFinding>();
        if (!policy.Enabled)
            return findings;
        var nowUtc = now.UtcDateTime;
        var window = Pages.Shared.Units.Duration(policy.Window);
        foreach (var s in servers)
        {
            if (!s.Ready || s.Pending || s.Gpus <= 0 || s.Namespace is not { Length: > 0 } ns || (s.LastActivity ?? s.Started) is not { } active)
                continue;
            var idleFor = now - active;
            if (idleFor < policy.IdleAfter)
                continue;
            var pod = PodName(s.User, s.Server);
            if (!gpuPercent.TryGetValue((cluster, ns, pod), out var gpu) && !gpuPercent.TryGetValue(("", ns, pod), out gpu))
                continue;
            if (gpu >= policy.MaxUtilizationPercent || exceptions.Any(e => e.Covers(PolicyKind.SessionIdle, ns, pod, nowUtc)))
                continue;
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"Session {s.User}/{s.Server} has had no activity for {Pages.Shared.Units.Duration(idleFor)} (limit {Pages.Shared.Units.Duration(policy.IdleAfter)}) and its {s.Gpus} GPU(s) averaged {gpu:0.#} % over {window} (below {policy.MaxUtilizationPercent} %); it will be stopped.");
            findings.Add(new PolicyFinding(PolicyKind.SessionIdle, cluster, ns, new WorkloadRef(WorkloadKind, pod), pod, owners.GetValueOrDefault(s.User), summary,
                new Dictionary<string, object>
                {
                    ["hubUser"] = s.User, ["hubServer"] = s.Server, ["lastActivity"] = active, ["idleHours"] = Math.Round(idleFor.TotalHours, 2),
                    ["metric"] = "DCGM_FI_DEV_GPU_UTIL", ["value"] = Math.Round(gpu, 2), ["threshold"] = policy.MaxUtilizationPercent, ["windowSeconds"] = Math.Round(policy.Window.TotalSeconds), ["gpus"] = s.Gpus,
                }));
        }
        return findings;
    }
}
