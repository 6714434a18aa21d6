using Nereid.Kubernetes.Models;

namespace Nereid.Server.Clusters;

/// <summary>An informer of one owned kind, seen without its model type (so one table row can create and query it).</summary>
internal interface IOwnedInformer
{
    /// <summary>Lists and watches until cancelled.</summary>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Completes after the first list.</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken);

    /// <summary>The cached object under <c>namespace/name</c> (or <c>name</c>), or null.</summary>
    KubeObject? Get(string key);

    /// <summary>Every cached object.</summary>
    IEnumerable<KubeObject> List();
}
