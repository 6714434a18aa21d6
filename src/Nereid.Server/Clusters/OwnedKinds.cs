using System.Collections.Frozen;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.Clusters;

/// <summary>
/// The one table of kinds Nereid owns in a cluster. It drives the informers (<see cref="ObservedCluster"/> creates one
/// per row), apply order, prune and counts; adding a kind to the projection means adding a row here.
/// </summary>
internal static class OwnedKinds
{
    /// <summary>The Namespace itself (cluster-scoped; applied first, deleted last).</summary>
    public static readonly OwnedKind Namespace = OwnedKind.Of<Namespace>();

    /// <summary>Every owned kind, the Namespace first.</summary>
    public static readonly IReadOnlyList<OwnedKind> All =
    [
        Namespace,
        OwnedKind.Of<RoleBinding>(),
        OwnedKind.Of<ResourceQuota>(),
        OwnedKind.Of<LimitRange>(),
        OwnedKind.Of<NetworkPolicy>(),
    ];

    private static readonly FrozenDictionary<Type, OwnedKind> ByType = All.ToFrozenDictionary(k => k.ModelType);

    /// <summary>The row of <paramref name="obj"/>'s model type; throws for a kind Nereid does not own.</summary>
    public static OwnedKind Of(KubeObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return ByType.TryGetValue(obj.GetType(), out var kind)
            ? kind
            : throw new InvalidOperationException($"Nereid does not own objects of kind {obj.GetType().Name}.");
    }
}
