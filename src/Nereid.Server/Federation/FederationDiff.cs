using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;

namespace Nereid.Server.Federation;

/// <summary>
/// The prune half of a federation pass on one cluster: which of the objects observed there (any carrying the
/// federation's managed-by label) no desired object names, so they are deleted — a namespace un-federated, a target
/// no longer placed. Applies are decided per object by the controller's fingerprints.
/// </summary>
internal static class FederationDiff
{
    /// <summary>The observed objects of <paramref name="cluster"/> that <paramref name="desired"/> no longer holds.</summary>
    public static IReadOnlyList<(ResourceType Type, KubeObject Object)> Deletions(string cluster, IEnumerable<FederationObject> desired,
        IEnumerable<(ResourceType Type, KubeObject Object)> observed)
    {
        var wanted = desired.Where(d => d.Cluster == cluster).Select(d => Id(d.Type, d.Object)).ToHashSet(StringComparer.Ordinal);
        return [.. observed
            .Where(o => IsFederationObject(o.Object) && !wanted.Contains(Id(o.Type, o.Object)))
            .OrderBy(o => Id(o.Type, o.Object), StringComparer.Ordinal)];
    }

    /// <summary>True when the federation made <paramref name="obj"/> (never someone else's object of the same kind).</summary>
    public static bool IsFederationObject(KubeObject obj) =>
        obj.Metadata.Labels?.GetValueOrDefault(ProjectionNames.ManagedByLabel) == AdmiraltyNames.ManagedByValue;

    private static string Id(ResourceType type, KubeObject obj) => $"{type.ApiVersion}/{type.Kind}/{obj.Metadata.Namespace}/{obj.Metadata.Name}";
}
