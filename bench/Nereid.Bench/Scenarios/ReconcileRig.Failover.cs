using Microsoft.Extensions.DependencyInjection;

namespace Nereid.Bench.Scenarios;

/// <summary>Leader failover for the <c>failover</c> scenario: stop this rig's controller, start another one on the same double.</summary>
internal sealed partial class ReconcileRig
{
    private bool _ownsKube = true;

    /// <summary>Stops this rig's controller and informers as a killed leader stops (the double keeps running).</summary>
    public async Task StopControllerAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }
    }

    /// <summary>
    /// A new leader on this rig's double: its own client (requests counted from zero), informers and controller, with no
    /// memory of what the previous one applied. Returns once its informers have synced and the database is loaded.
    /// </summary>
    public async Task<ReconcileRig> StartSuccessorAsync(string cluster, IServiceScopeFactory scopes, int inflight, int workers, bool http2,
        CancellationToken cancellationToken)
    {
        var (client, counter) = DoubleCluster.ClientFor(Connection, inflight, http2);
        var rig = new ReconcileRig(Kube, Connection, client, counter, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)) { _ownsKube = false };
        rig._running = await rig.StartControllerAsync(cluster, scopes, workers, rig._stop.Token);
        return rig;
    }
}
