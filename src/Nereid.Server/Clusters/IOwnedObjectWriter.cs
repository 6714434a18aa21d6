using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.Clusters;

/// <summary>Seam over the Kubernetes client: the only writes a namespace pass makes.</summary>
internal interface IOwnedObjectWriter
{
    /// <summary>
    /// Server-side apply of an owned object of <paramref name="kind"/>, sending <paramref name="json"/> (its body from
    /// <see cref="OwnedKind.Serialize"/>); returns what the server stored.
    /// </summary>
    Task<KubeObject> ApplyAsync(OwnedKind kind, KubeObject obj, byte[] json, CancellationToken cancellationToken);

    /// <summary>
    /// The same apply, reading from the answer only the stored version: what a reconcile pass needs, at a fraction of
    /// the cost of decoding the whole object.
    /// </summary>
    Task<StoredVersion> ApplyVersionAsync(OwnedKind kind, KubeObject obj, byte[] json, CancellationToken cancellationToken);

    /// <summary>Deletes an owned object; true when it existed.</summary>
    Task<bool> DeleteAsync(OwnedKind kind, string? ns, string name, CancellationToken cancellationToken);
}
