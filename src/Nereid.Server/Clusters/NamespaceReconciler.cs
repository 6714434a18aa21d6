using System.Text.Json;
using Nereid.Domain.Clusters;
using Nereid.Domain.Namespaces;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Kubernetes.WorkQueue;

namespace Nereid.Server.Clusters;

/// <summary>
/// One reconcile pass for (cluster, namespace), in the five steps of STYLE.md: load the desired state (from the
/// <see cref="DesiredStateCache"/>), observe (informer caches), step (server-side apply as <c>nereid</c>, force; delete
/// owned objects no longer desired), write status, and return Done / RequeueAfter or throw for backoff.
/// </summary>
public sealed class NamespaceReconciler(
    string cluster, IKubeClient client, DesiredStateCache desired, ObservedCluster observed, AppliedObjects applied,
    StatusWriter status, ReconcilerStats stats, ProjectionOptions projection, ReconcilerOptions options, TimeProvider time)
{
    private static readonly ApplyOptions Apply = new(ProjectionNames.FieldManager, Force: true);

    /// <summary>Brings namespace <paramref name="name"/> in this cluster to its desired state.</summary>
    public async Task<ReconcileResult> ReconcileAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var entry = desired.Get(name);
        try
        {
            if (entry is null)
            {
                // Gone from the database: remove what Nereid created, and forget the status row.
                await DeleteNamespaceAsync(name, cancellationToken);
                status.Enqueue(Status(name, ClusterCondition.Ready, "Deleted", "", 0, remove: true));
                return Finish(ReconcileResult.Done);
            }
            if (entry.State == NamespaceState.Deleting)
            {
                return Finish(await DeletingAsync(entry, cancellationToken));
            }
            DesiredNamespace target;
            try
            {
                target = NamespaceProjection.Build(entry.Snapshot, projection);
            }
            catch (ProjectionException ex)
            {
                status.Enqueue(Status(name, ClusterCondition.Degraded, "InvalidInput", ex.Message, entry.Version));
                return Finish(ReconcileResult.Done);
            }
            // The Namespace must exist before anything inside it; the rest are independent, so they go out together
            // (a new namespace is ready after two round trips, not six; the client's in-flight cap still bounds them).
            var raced = await ApplyAsync(target.Namespace, cancellationToken);
            var inside = await Task.WhenAll(target.Objects.Skip(1).Select(o => ApplyAsync(o, cancellationToken)));
            raced |= inside.Any(r => r);
            await PruneAsync(name, target, cancellationToken);
            status.Enqueue(Status(name, ClusterCondition.Ready, "Applied",
                $"{target.RoleBindings.Count + 4} objects match the database.", entry.Version));
            // Someone else wrote one of these objects while our apply was in flight: look again.
            return Finish(raced ? ReconcileResult.RequeueAfter(TimeSpan.Zero) : ReconcileResult.Done);
        }
        catch (KubeApiException ex) when (ex.IsInvalid)
        {
            // The server rejected what we built: retrying the same input cannot help.
            status.Enqueue(Status(name, ClusterCondition.Degraded, "Rejected", ex.Message, entry?.Version ?? 0));
            return Finish(ReconcileResult.Done);
        }
        catch (KubeApiException ex)
        {
            status.Enqueue(Status(name, ClusterCondition.Progressing, "ApiError", ex.Message, entry?.Version ?? 0));
            throw;
        }
    }

    private ReconcileResult Finish(ReconcileResult result)
    {
        stats.Pass(time.GetUtcNow());
        return result;
    }

    private async Task<ReconcileResult> DeletingAsync(DesiredEntry entry, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = (entry.DeletionRequestedAt ?? now) + options.DeletionGracePeriod;
        if (now < due)
        {
            status.Enqueue(Status(entry.Name, ClusterCondition.Progressing, "DeletionPending",
                $"The Kubernetes namespace is deleted at {due:u} (grace period).", entry.Version));
            return ReconcileResult.RequeueAfter(due - now);
        }
        await DeleteNamespaceAsync(entry.Name, cancellationToken);
        status.Enqueue(Status(entry.Name, ClusterCondition.Ready, "Deleted", "The Kubernetes namespace was deleted.", entry.Version));
        return ReconcileResult.Done;
    }

    private async Task DeleteNamespaceAsync(string name, CancellationToken cancellationToken)
    {
        // Only a namespace carrying our label is ours to delete; the informer is label-selected, so a hit proves it.
        var ns = observed.Find("Namespace", null, name);
        if (ns is null || ns.Metadata.DeletionTimestamp is not null)
        {
            return;
        }
        if (await client.DeleteAsync<Namespace>(null, name, null, cancellationToken))
        {
            stats.Deleted();
        }
        applied.Forget(AppliedObjects.Id("Namespace", null, name));
    }

    /// <summary>Applies one object unless the informer proves it current; true when a foreign write raced the apply.</summary>
    private async Task<bool> ApplyAsync(KubeObject obj, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(obj, obj.GetType(), KubeJson.Options);
        var id = AppliedObjects.Id(obj.Kind!, obj.Metadata.Namespace, obj.Metadata.Name!);
        var seen = observed.Find(obj.Kind!, obj.Metadata.Namespace, obj.Metadata.Name!)?.Metadata.ResourceVersion;
        if (applied.IsCurrent(id, json, seen))
        {
            stats.Skip();
            return false;
        }
        applied.BeginApply(id);
        KubeObject result;
        try
        {
            result = await SendApplyAsync(obj, cancellationToken);
        }
        catch
        {
            applied.AbortApply(id);
            throw;
        }
        var rv = result.Metadata.ResourceVersion;
        stats.Applied(wrote: seen is null || rv != seen);
        return applied.EndApply(id, json, rv);
    }

    private async Task<KubeObject> SendApplyAsync(KubeObject obj, CancellationToken cancellationToken) =>
        obj switch
        {
            Namespace n => await client.ApplyAsync(ResourceType.Of<Namespace>(), n, Apply, cancellationToken) as KubeObject,
            RoleBinding r => await client.ApplyAsync(ResourceType.Of<RoleBinding>(), r, Apply, cancellationToken),
            ResourceQuota q => await client.ApplyAsync(ResourceType.Of<ResourceQuota>(), q, Apply, cancellationToken),
            LimitRange l => await client.ApplyAsync(ResourceType.Of<LimitRange>(), l, Apply, cancellationToken),
            NetworkPolicy p => await client.ApplyAsync(ResourceType.Of<NetworkPolicy>(), p, Apply, cancellationToken),
            _ => throw new InvalidOperationException($"Nereid does not project {obj.Kind}."),
        };

    private async Task PruneAsync(string ns, DesiredNamespace target, CancellationToken cancellationToken)
    {
        var wanted = target.Objects.Select(o => AppliedObjects.Id(o.Kind!, o.Metadata.Namespace, o.Metadata.Name!)).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in observed.OwnedIn(ns).ToList())
        {
            var id = AppliedObjects.Id(stale.Kind!, ns, stale.Metadata.Name!);
            if (wanted.Contains(id))
            {
                continue;
            }
            var type = stale switch
            {
                RoleBinding => ResourceType.Of<RoleBinding>(),
                ResourceQuota => ResourceType.Of<ResourceQuota>(),
                LimitRange => ResourceType.Of<LimitRange>(),
                _ => ResourceType.Of<NetworkPolicy>(),
            };
            if (await client.DeleteAsync(type, ns, stale.Metadata.Name!, null, cancellationToken))
            {
                stats.Deleted();
            }
            applied.Forget(id);
        }
    }

    private StatusUpdate Status(string ns, ClusterCondition condition, string reason, string message, int version, bool remove = false) =>
        new(cluster, ns, condition, reason, message, time.GetUtcNow().UtcDateTime, version, remove);
}
