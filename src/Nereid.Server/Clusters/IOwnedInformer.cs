using Nereid.Kubernetes.Models;

namespace Nereid.Server.Clusters;

/// <summary>
/// The shared informer of one owned kind with the reconciler's handler on it, seen without its model type (so one
/// table row can find and query it). Disposing removes the handler; the informer belongs to the cluster runtime.
/// </summary>
internal interface IOwnedInformer : IDisposable
{
    /// <summary>Completes after the first list.</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken);

    /// <summary>The cached object under <c>namespace/name</c> (or <c>name</c>), or null.</summary>
    KubeObject? Get(string key);

    /// <summary>Every cached object.</summary>
    IEnumerable<KubeObject> List();
}
