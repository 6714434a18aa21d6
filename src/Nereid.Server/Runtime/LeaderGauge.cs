using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Nereid.Server.Runtime;

/// <summary>
/// <c>nereid_leader{controller,cluster}</c>: 1 while a leader-only controller of this process runs for the cluster
/// (this replica leads it), else 0. Per runtime instance, so two replicas in one process (tests) never overwrite each
/// other; the series is 1 while any of them leads.
/// </summary>
internal static class LeaderGauge
{
    private static readonly Meter Meter = new("Nereid.Runtime");
    private static readonly ConcurrentDictionary<(object Runtime, string Controller, string Cluster), int> State = new();

    static LeaderGauge()
    {
        Meter.CreateObservableGauge("nereid_leader",
            () => State.GroupBy(s => (s.Key.Controller, s.Key.Cluster))
                .Select(g => new Measurement<int>(g.Max(s => s.Value),
                    new KeyValuePair<string, object?>("controller", g.Key.Controller), new KeyValuePair<string, object?>("cluster", g.Key.Cluster))),
            description: "1 while this replica runs the leader-only controller for the cluster, else 0.");
    }

    public static void Set(object runtime, string controller, string cluster, bool leading) => State[(runtime, controller, cluster)] = leading ? 1 : 0;

    public static void Remove(object runtime, string controller, string cluster) => State.TryRemove((runtime, controller, cluster), out _);
}
