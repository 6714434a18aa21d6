using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;

namespace Nereid.Server.Clusters;

internal sealed partial class NamespaceReconciler
{
    private enum Applied
    {
        Skipped,
        Created,
        Changed,
        Unchanged,
    }

    /// <summary>Applies every desired object and prunes the stale ones; true when a foreign write raced an apply.</summary>
    private async Task<(bool Raced, ObservedSummary Summary)> StepAsync(string ns, IReadOnlyList<PlannedObject> objects, CancellationToken cancellationToken)
    {
        // Cluster-scoped rows (the Namespace) must exist before anything inside them; the rest are independent, so they
        // go out together (a new namespace is ready after two round trips, not six; the client's in-flight cap bounds them).
        var outer = await Task.WhenAll(objects.Where(o => !o.Kind.Namespaced).Select(o => ApplyAsync(o, cancellationToken)));
        var inner = await Task.WhenAll(objects.Where(o => o.Kind.Namespaced).Select(o => ApplyAsync(o, cancellationToken)));
        var results = outer.Concat(inner).ToList();
        var pruned = await PruneAsync(ns, objects.Select(o => o.Id), cancellationToken);
        var summary = new ObservedSummary(objects.Count, results.Count(r => r.Result == Applied.Created),
            results.Count(r => r.Result == Applied.Changed), pruned);
        return (results.Any(r => r.Raced), summary);
    }

    /// <summary>Applies one object unless the informer proves it current.</summary>
    private async Task<(Applied Result, bool Raced)> ApplyAsync(PlannedObject planned, CancellationToken cancellationToken)
    {
        var (kind, obj, id) = (planned.Kind, planned.Object, planned.Id);
        var observed = ports.Observed.Find(kind, obj.Metadata.Namespace, obj.Metadata.Name!);
        var seen = observed?.Metadata.ResourceVersion;
        // Hashed once per plan, before the stamp is added; a skipped pass of a known plan serializes nothing, and the
        // first apply sends the body that was hashed, with the stamp spliced in.
        byte[]? json = null;
        if (planned.Hash is null)
        {
            (planned.Hash, json) = AppliedStamp.StampForApply(kind, obj);
        }
        if (applied.IsCurrent(id, planned.Hash, seen))
        {
            stats.Skip();
            return (Applied.Skipped, false);
        }
        // The stamp in the synced cache stands in for our memory when it is missing or out of date: a new leader has no
        // memory of its own writes (failover writes nothing), and a write through a subresource since our last apply
        // (the quota controller's status.used on every pod start) changed the version but nothing we apply.
        if (observed is not null && AppliedStamp.Matches(observed, planned.Hash))
        {
            applied.Adopt(id, planned.Hash, seen);
            stats.Skip();
            return (Applied.Skipped, false);
        }
        json ??= kind.Serialize(obj);
        applied.BeginApply(id);
        StoredVersion result;
        try
        {
            result = await ports.Writer.ApplyVersionAsync(kind, obj, json, cancellationToken);
        }
        catch
        {
            applied.AbortApply(id);
            throw;
        }
        var rv = result.ResourceVersion;
        var wrote = seen is null || rv != seen;
        stats.Applied(wrote);
        var outcome = seen is null ? Applied.Created : wrote ? Applied.Changed : Applied.Unchanged;
        return (outcome, applied.EndApply(id, planned.Hash, rv));
    }

    /// <summary>Deletes owned objects in <paramref name="ns"/> that are not wanted; returns how many went.</summary>
    private async Task<int> PruneAsync(string ns, IEnumerable<string> wantedIds, CancellationToken cancellationToken)
    {
        var wanted = wantedIds.ToHashSet(StringComparer.Ordinal);
        var pruned = 0;
        foreach (var stale in ports.Observed.OwnedIn(ns).ToList())
        {
            var name = stale.Object.Metadata.Name!;
            var id = stale.Kind.Id(ns, name);
            if (wanted.Contains(id))
            {
                continue;
            }
            if (await ports.Writer.DeleteAsync(stale.Kind, ns, name, cancellationToken))
            {
                stats.Deleted();
                pruned++;
            }
            applied.Forget(id);
        }
        return pruned;
    }
}
