using Nereid.Kubernetes.Models;

namespace Nereid.Server.Clusters;

/// <summary>Seam over the Kubernetes client: the only writes a namespace pass makes.</summary>
internal interface IOwnedObjectWriter
{
    /// <summary>Server-side apply of an owned object; returns what the server stored.</summary>
    Task<KubeObject> ApplyAsync(KubeObject obj, CancellationToken cancellationToken);

    /// <summary>Deletes an owned object; true when it existed.</summary>
    Task<bool> DeleteAsync(OwnedKind kind, string? ns, string name, CancellationToken cancellationToken);
}
