using Nereid.Domain.Namespaces;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Kubernetes.WorkQueue;

namespace Nereid.Server.Clusters;

/// <summary>The ports and seams one cluster's namespace reconciler works through.</summary>
/// <param name="Cluster">The cluster's name (status rows are keyed by it).</param>
/// <param name="Desired">Where desired state comes from.</param>
/// <param name="Observed">What the cluster shows (informer caches).</param>
/// <param name="Writer">Applies and deletes owned objects.</param>
/// <param name="Status">Where conditions go.</param>
internal sealed record ReconcilerPorts(string Cluster, IDesiredNamespaces Desired, IObservedObjects Observed, IOwnedObjectWriter Writer, IStatusSink Status);

/// <summary>
/// One reconcile pass for (cluster, namespace), in the five steps of STYLE.md: load the desired state, observe
/// (informer caches), step (server-side apply as <c>nereid</c>, force; delete owned objects no longer desired),
/// compute status as conditions once from what happened, and return Done / RequeueAfter / Terminal or throw for backoff.
/// </summary>
internal sealed partial class NamespaceReconciler(
    ReconcilerPorts ports, AppliedObjects applied, ReconcilerStats stats, ProjectionOptions projection, ReconcilerOptions options, TimeProvider time)
{
    private readonly DesiredPlans _plans = new(projection);

    /// <summary>Brings namespace <paramref name="key"/> in this cluster to its desired state.</summary>
    public async Task<ReconcileResult> ReconcileAsync(NamespaceKey key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key.Name);
        var entry = ports.Desired.Get(key);
        var observed = new ObservedSummary();
        try
        {
            if (entry is null)
            {
                // Gone from the database: remove what Nereid created, and forget the status row.
                _plans.Forget(key.Name);
                await DeleteNamespaceAsync(key.Name, cancellationToken);
                ports.Status.Enqueue(new StatusUpdate(ports.Cluster, key.Name, [], Now, 0, Remove: true));
                return Finish(ReconcileResult.Done);
            }
            if (entry.State == NamespaceState.Deleting)
            {
                _plans.Forget(key.Name);
                return Finish(await DeletingAsync(key, entry, cancellationToken));
            }
            if (entry.Placement is { Placed: false } away)
            {
                _plans.Forget(key.Name);
                return Finish(await UnplacedAsync(key, entry, away.RemovedAt, cancellationToken));
            }
            IReadOnlyList<PlannedObject> target;
            try
            {
                target = _plans.For(entry);
            }
            catch (ProjectionException ex)
            {
                Report(key, entry.Version, observed, new PassReport(PassOutcome.InvalidInput, ex.Message));
                return Finish(ReconcileResult.Terminal(ex.Message));
            }
            var (raced, summary) = await StepAsync(key.Name, target, cancellationToken);
            observed = summary;
            Report(key, entry.Version, observed, new PassReport(raced ? PassOutcome.Raced : PassOutcome.Applied));
            // Someone else wrote one of these objects while our apply was in flight: look again.
            return Finish(raced ? ReconcileResult.RequeueAfter(TimeSpan.Zero) : ReconcileResult.Done);
        }
        catch (KubeApiException ex) when (ex.IsInvalid)
        {
            // The server rejected what we built: retrying the same input cannot help.
            Report(key, entry?.Version ?? 0, observed, new PassReport(PassOutcome.Rejected, ex.Message));
            return Finish(ReconcileResult.Terminal(ex.Message));
        }
        catch (KubeApiException ex)
        {
            Report(key, entry?.Version ?? 0, observed, new PassReport(PassOutcome.ApiError, ex.Message));
            throw;
        }
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private ReconcileResult Finish(ReconcileResult result)
    {
        stats.Pass(time.GetUtcNow());
        return result;
    }

    private void Report(NamespaceKey key, int generation, ObservedSummary observed, PassReport pass)
    {
        var now = Now;
        var conditions = NamespaceConditions.Compute(generation, observed, pass, ports.Status.Last(ports.Cluster, key), now);
        ports.Status.Enqueue(new StatusUpdate(ports.Cluster, key.Name, conditions, now, generation));
    }

    private async Task<ReconcileResult> DeletingAsync(NamespaceKey key, DesiredEntry entry, CancellationToken cancellationToken)
    {
        var now = Now;
        var due = (entry.DeletionRequestedAt ?? now) + options.DeletionGracePeriod;
        if (now < due)
        {
            Report(key, entry.Version, default, new PassReport(PassOutcome.DeletionPending, DeletionDue: due));
            return ReconcileResult.RequeueAfter(due - now);
        }
        await DeleteNamespaceAsync(entry.Name, cancellationToken);
        Report(key, entry.Version, default, new PassReport(PassOutcome.Deleted));
        return ReconcileResult.Done;
    }

    private async Task DeleteNamespaceAsync(string name, CancellationToken cancellationToken)
    {
        // Only a namespace carrying our label is ours to delete; the informer is label-selected, so a hit proves it.
        var ns = ports.Observed.Find(OwnedKinds.Namespace, null, name);
        if (ns is null || ns.Metadata.DeletionTimestamp is not null)
        {
            return;
        }
        if (await ports.Writer.DeleteAsync(OwnedKinds.Namespace, null, name, cancellationToken))
        {
            stats.Deleted();
        }
        applied.Forget(OwnedKinds.Namespace.Id(null, name));
    }
}
