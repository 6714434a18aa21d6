using System.Collections.Concurrent;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;

namespace Nereid.Server.Clusters;

/// <summary>
/// The namespace reconciler's view of every kind Nereid owns in one cluster: the cluster runtime's shared informers of
/// the rows of <see cref="OwnedKinds"/>, selected by the managed-by label. Any change made by someone else (an edit, a
/// delete) reports the Nereid namespace it belongs to, so drift is repaired promptly. Disposing removes the handlers,
/// not the informers.
/// </summary>
internal sealed class ObservedCluster : IObservedObjects, IDisposable
{
    private readonly Dictionary<OwnedKind, IOwnedInformer> _informers = [];

    // Owned objects by namespace, kept by the handlers: pruning asks per namespace, and scanning every cache per pass
    // would make a full resync quadratic in the number of namespaces.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, OwnedObject>> _byNamespace = new(StringComparer.Ordinal);

    /// <summary>Takes the owned kinds' informers from <paramref name="informers"/>; <paramref name="onChange"/> receives (namespace name, object id, resourceVersion or null when deleted).</summary>
    public ObservedCluster(SharedInformers informers, TimeSpan resync, Action<string, string, string?> onChange)
    {
        ArgumentNullException.ThrowIfNull(informers);
        ArgumentNullException.ThrowIfNull(onChange);
        foreach (var kind in OwnedKinds.All)
        {
            var options = new InformerOptions { LabelSelector = ProjectionNames.ManagedSelector, ResyncPeriod = resync };
            _informers[kind] = kind.Inform(informers, options, (o, deleted) => Report(kind, o, deleted, onChange));
        }
    }

    /// <summary>Removes this view's handlers from the shared informers.</summary>
    public void Dispose()
    {
        foreach (var informer in _informers.Values)
        {
            informer.Dispose();
        }
    }

    /// <summary>Completes when every informer has listed once.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_informers.Values.Select(i => i.WaitForSyncAsync(cancellationToken)));

    /// <summary>Managed namespaces in the cluster.</summary>
    public IEnumerable<string> NamespaceNames => _informers[OwnedKinds.Namespace].List().Select(n => n.Metadata.Name!);

    KubeObject? IObservedObjects.Find(OwnedKind kind, string? ns, string name) =>
        _informers[kind].Get(kind.Namespaced && !string.IsNullOrEmpty(ns) ? $"{ns}/{name}" : name);

    IEnumerable<OwnedObject> IObservedObjects.OwnedIn(string ns) =>
        _byNamespace.TryGetValue(ns, out var bucket) ? bucket.Values : [];

    private void Report(OwnedKind kind, KubeObject o, bool deleted, Action<string, string, string?> onChange)
    {
        var name = o.Metadata.Name ?? "";
        var nsName = kind.Namespaced ? o.Metadata.Namespace ?? "" : name;
        var id = kind.Id(o.Metadata.Namespace, name);
        if (kind.Namespaced)
        {
            var bucket = _byNamespace.GetOrAdd(nsName, _ => new ConcurrentDictionary<string, OwnedObject>(StringComparer.Ordinal));
            if (deleted)
            {
                bucket.TryRemove(id, out _);
            }
            else
            {
                bucket[id] = new OwnedObject(kind, o);
            }
        }
        onChange(nsName, id, deleted ? null : o.Metadata.ResourceVersion);
    }
}
