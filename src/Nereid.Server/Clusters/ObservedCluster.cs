using System.Collections.Concurrent;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;

namespace Nereid.Server.Clusters;

/// <summary>
/// The namespace reconciler's view of every kind Nereid owns in one cluster: the runtime's shared informers of those
/// kinds, selected by the managed-by label. Any change made by someone else (an edit, a delete) reports the Nereid
/// namespace it belongs to, so drift is repaired promptly. Disposing removes the handlers, not the informers.
/// </summary>
public sealed class ObservedCluster : IDisposable
{
    private readonly List<IDisposable> _registrations = [];
    private readonly Informer<Namespace> _namespaces;
    private readonly Informer<RoleBinding> _roleBindings;
    private readonly Informer<ResourceQuota> _quotas;
    private readonly Informer<LimitRange> _limitRanges;
    private readonly Informer<NetworkPolicy> _networkPolicies;

    // Owned objects by namespace, kept by the handlers: pruning asks per namespace, and scanning every cache per pass
    // would make a full resync quadratic in the number of namespaces.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, KubeObject>> _byNamespace = new(StringComparer.Ordinal);

    /// <summary>Takes the owned kinds' informers from <paramref name="informers"/>; <paramref name="onChange"/> receives (namespace name, object id, resourceVersion or null when deleted).</summary>
    public ObservedCluster(SharedInformers informers, TimeSpan resync, Action<string, string, string?> onChange)
    {
        ArgumentNullException.ThrowIfNull(informers);
        ArgumentNullException.ThrowIfNull(onChange);
        InformerOptions Options() => new() { LabelSelector = ProjectionNames.ManagedSelector, ResyncPeriod = resync };
        _namespaces = Watch(informers.For<Namespace>(Options()), (ns, id, rv, _) => onChange(ns, id, rv));
        void Indexed(string ns, string id, string? rv, KubeObject obj)
        {
            var bucket = _byNamespace.GetOrAdd(ns, _ => new ConcurrentDictionary<string, KubeObject>(StringComparer.Ordinal));
            if (rv is null)
            {
                bucket.TryRemove(id, out _);
            }
            else
            {
                bucket[id] = obj;
            }
            onChange(ns, id, rv);
        }
        _roleBindings = Watch(informers.For<RoleBinding>(Options()), Indexed);
        _quotas = Watch(informers.For<ResourceQuota>(Options()), Indexed);
        _limitRanges = Watch(informers.For<LimitRange>(Options()), Indexed);
        _networkPolicies = Watch(informers.For<NetworkPolicy>(Options()), Indexed);
    }

    /// <summary>Removes this view's handlers from the shared informers.</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _registrations.Clear();
    }

    /// <summary>Completes when every informer has listed once.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.WhenAll(
        _namespaces.WaitForSyncAsync(cancellationToken), _roleBindings.WaitForSyncAsync(cancellationToken),
        _quotas.WaitForSyncAsync(cancellationToken), _limitRanges.WaitForSyncAsync(cancellationToken),
        _networkPolicies.WaitForSyncAsync(cancellationToken));

    /// <summary>Managed namespaces in the cluster.</summary>
    public IEnumerable<string> NamespaceNames => _namespaces.List().Select(n => n.Metadata.Name!);

    /// <summary>The cached managed object of that kind, or null.</summary>
    public KubeObject? Find(string kind, string? ns, string name)
    {
        var key = string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";
        return kind switch
        {
            "Namespace" => _namespaces.Get(key),
            "RoleBinding" => _roleBindings.Get(key),
            "ResourceQuota" => _quotas.Get(key),
            "LimitRange" => _limitRanges.Get(key),
            "NetworkPolicy" => _networkPolicies.Get(key),
            _ => null,
        };
    }

    /// <summary>Managed objects inside namespace <paramref name="ns"/> (every owned kind but the namespace itself).</summary>
    public IEnumerable<KubeObject> OwnedIn(string ns) =>
        _byNamespace.TryGetValue(ns, out var bucket) ? bucket.Values : [];

    private Informer<T> Watch<T>(Informer<T> informer, Action<string, string, string?, KubeObject> onChange)
        where T : KubeObject
    {
        void Report(T o, bool deleted)
        {
            var nsName = o.Metadata.Namespace ?? o.Metadata.Name ?? "";
            onChange(nsName, AppliedObjects.Id(o.Kind ?? typeof(T).Name, o.Metadata.Namespace, o.Metadata.Name ?? ""), deleted ? null : o.Metadata.ResourceVersion, o);
        }
        _registrations.Add(informer.AddHandler(new InformerHandler<T>(o => Report(o, false), (_, n) => Report(n, false), o => Report(o, true))));
        return informer;
    }
}
