using Nereid.Kubernetes.WorkQueue;

namespace Nereid.Server.Clusters;

internal sealed partial class NamespaceReconciler
{
    /// <summary>
    /// The namespace is not placed on this cluster. A placement change that took it away starts the grace period
    /// (then the Kubernetes namespace goes, and with it the status row); without one — never placed here, or the
    /// default set changed — nothing is deleted: only an explicit move removes people's work.
    /// </summary>
    private async Task<ReconcileResult> UnplacedAsync(NamespaceKey key, DesiredEntry entry, DateTime? removedAt, CancellationToken cancellationToken)
    {
        var ns = ports.Observed.Find(OwnedKinds.Namespace, null, key.Name);
        if (ns is null)
        {
            ports.Status.Enqueue(new StatusUpdate(ports.Cluster, key.Name, [], Now, entry.Version, Remove: true));
            return ReconcileResult.Done;
        }
        if (removedAt is null)
        {
            Report(key, entry.Version, default, new PassReport(PassOutcome.NotPlaced));
            return ReconcileResult.Done;
        }
        var now = Now;
        var due = removedAt.Value + options.DeletionGracePeriod;
        if (now < due)
        {
            Report(key, entry.Version, default, new PassReport(PassOutcome.RemovalPending, DeletionDue: due));
            return ReconcileResult.RequeueAfter(due - now);
        }
        // The informer's delete event brings the next pass, which finds nothing and drops the status row.
        await DeleteNamespaceAsync(key.Name, cancellationToken);
        Report(key, entry.Version, default, new PassReport(PassOutcome.Unplaced));
        return ReconcileResult.Done;
    }
}
