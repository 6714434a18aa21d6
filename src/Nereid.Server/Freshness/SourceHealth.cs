using System.Collections.Concurrent;

namespace Nereid.Server.Freshness;

/// <summary>
/// Reachability of every data source as this replica last saw it, fed by <see cref="ClusterProbe"/> and
/// <see cref="PrometheusProbe"/>. Pages and APIs read it to say how old what they show is and where it came from, and
/// never to call an unreachable source live. Each replica checks for itself: what it shows comes from its own caches.
/// </summary>
internal sealed class SourceHealth(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Kind, string Name), SourceState> _states = new();

    /// <summary>Declares a source (state unknown until its first check), so it is listed before it was checked.</summary>
    public void Register(string kind, string name, string location) =>
        _states.TryAdd((kind, name), new SourceState(kind, name, location, Reachability.Unknown, null, null, null, null));

    /// <summary>Records a successful check.</summary>
    public void Succeeded(string kind, string name, string location)
    {
        var now = time.GetUtcNow();
        _states.AddOrUpdate((kind, name), _ => new SourceState(kind, name, location, Reachability.Reachable, now, now, null, null),
            (_, old) => old with { Location = location, State = Reachability.Reachable, CheckedAt = now, LastSuccessAt = now, UnreachableSince = null, LastError = null });
    }

    /// <summary>Records a failed check; the first failure of a run starts <see cref="SourceState.UnreachableSince"/>.</summary>
    public void Failed(string kind, string name, string location, string error)
    {
        var now = time.GetUtcNow();
        _states.AddOrUpdate((kind, name), _ => new SourceState(kind, name, location, Reachability.Unreachable, now, null, now, error),
            (_, old) => old with
            {
                Location = location, State = Reachability.Unreachable, CheckedAt = now, UnreachableSince = old.UnreachableSince ?? now, LastError = error,
            });
    }

    /// <summary>The state of one source, or null when it is not known here (not configured).</summary>
    public SourceState? Get(string kind, string name) => _states.TryGetValue((kind, name), out var s) ? s : null;

    /// <summary>A cluster's state, or null when no such cluster is checked.</summary>
    public SourceState? Cluster(string name) => Get(SourceKinds.Cluster, name);

    /// <summary>Prometheus' state, or null when no Prometheus is configured.</summary>
    public SourceState? Prometheus => Get(SourceKinds.Prometheus, SourceKinds.Prometheus);

    /// <summary>Every known source, clusters first, by name.</summary>
    public IReadOnlyList<SourceState> All => [.. _states.Values.OrderBy(s => s.Kind == SourceKinds.Cluster ? 0 : 1).ThenBy(s => s.Name, StringComparer.Ordinal)];
}
