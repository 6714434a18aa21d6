using System.Collections.Concurrent;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;

namespace Nereid.Server.Clusters;

/// <summary>
/// Informer caches of every kind Nereid owns in one cluster (one per row of <see cref="OwnedKinds"/>), selected by the
/// managed-by label. Any change made by someone else (an edit, a delete) reports the Nereid namespace it belongs to,
/// so drift is repaired promptly.
/// </summary>
public sealed class ObservedCluster : IObservedObjects
{
    private readonly Dictionary<OwnedKind, IOwnedInformer> _informers = [];

    // Owned objects by namespace, kept by the handlers: pruning asks per namespace, and scanning every cache per pass
    // would make a full resync quadratic in the number of namespaces.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, OwnedObject>> _byNamespace = new(StringComparer.Ordinal);

    /// <summary>Creates the informers; <paramref name="onChange"/> receives (namespace name, object id, resourceVersion or null when deleted).</summary>
    public ObservedCluster(IKubeClient client, TimeSpan resync, TimeProvider time, ILoggerFactory loggers, Action<string, string, string?> onChange)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(onChange);
        foreach (var kind in OwnedKinds.All)
        {
            var options = new InformerOptions { LabelSelector = ProjectionNames.ManagedSelector, ResyncPeriod = resync };
            _informers[kind] = kind.Inform(client, options, time, loggers, (o, deleted) => Report(kind, o, deleted, onChange));
        }
    }

    /// <summary>Runs every informer until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(_informers.Values.Select(i => i.RunAsync(cancellationToken)));

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
