namespace Nereid.Kubernetes.Leader;

/// <summary>
/// Elects one leader among replicas. <see cref="LeaderElector"/> implements it over a lease (<see cref="LeaseLeaderElector"/> on a Kubernetes Lease);
/// the server also keeps one in its database.
/// </summary>
public interface ILeaderElector
{
    /// <summary>This replica's identity (pod name, host name).</summary>
    string Identity { get; }

    /// <summary>True while this replica holds leadership.</summary>
    bool IsLeader { get; }

    /// <summary>
    /// Contends for leadership; when won, runs <see cref="LeaderCallbacks.OnStartedLeading"/> with a token cancelled on
    /// loss, then calls <see cref="LeaderCallbacks.OnStoppedLeading"/>. Returns after leadership is lost or
    /// <paramref name="cancellationToken"/> fires; call again to contend again.
    /// </summary>
    Task RunAsync(LeaderCallbacks callbacks, CancellationToken cancellationToken);
}

/// <summary>What to do when leadership starts and stops.</summary>
/// <param name="OnStartedLeading">Runs while leading; its token is cancelled when leadership ends.</param>
/// <param name="OnStoppedLeading">Called once after leading ended (also after cancellation).</param>
public sealed record LeaderCallbacks(Func<CancellationToken, Task> OnStartedLeading, Action? OnStoppedLeading = null);
