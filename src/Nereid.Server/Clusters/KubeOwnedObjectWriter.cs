using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;

namespace Nereid.Server.Clusters;

/// <summary>
/// Applies (as <c>nereid</c>, forced) and deletes owned objects through the table rows. With <paramref name="dryRun"/>
/// every apply is sent with <c>dryRun=All</c>, so the server answers with what it would store and keeps nothing.
/// </summary>
internal sealed class KubeOwnedObjectWriter(IKubeClient client, bool dryRun = false) : IOwnedObjectWriter
{
    private readonly ApplyOptions _apply = new(ProjectionNames.FieldManager, Force: true, DryRun: dryRun);

    public Task<KubeObject> ApplyAsync(OwnedKind kind, KubeObject obj, byte[] json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return kind.ApplyAsync(client, obj, json, _apply, cancellationToken);
    }

    public Task<StoredVersion> ApplyVersionAsync(OwnedKind kind, KubeObject obj, byte[] json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return kind.ApplyVersionAsync(client, obj, json, _apply, cancellationToken);
    }

    public Task<bool> DeleteAsync(OwnedKind kind, string? ns, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return dryRun ? throw new InvalidOperationException("A dry-run writer does not delete.") : kind.DeleteAsync(client, ns, name, cancellationToken);
    }
}
