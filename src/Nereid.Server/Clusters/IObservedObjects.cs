using Nereid.Kubernetes.Models;

namespace Nereid.Server.Clusters;

/// <summary>One owned object as observed, with the row of its kind.</summary>
internal sealed record OwnedObject(OwnedKind Kind, KubeObject Object);

/// <summary>Port: what the reconciler sees in the cluster (informer caches in <see cref="ObservedCluster"/>).</summary>
internal interface IObservedObjects
{
    /// <summary>The managed object of <paramref name="kind"/> named <paramref name="name"/>, or null.</summary>
    KubeObject? Find(OwnedKind kind, string? ns, string name);

    /// <summary>Managed objects inside namespace <paramref name="ns"/> (every owned kind but the Namespace itself).</summary>
    IEnumerable<OwnedObject> OwnedIn(string ns);
}
