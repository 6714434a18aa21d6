namespace Nereid.Server.Storage;

/// <summary>
/// One StorageClass of one cluster as the catalogue shows it: what the cluster says (provisioner, reclaim policy,
/// binding mode, expansion, default), with the API server's defaults filled in for fields the class leaves out.
/// </summary>
/// <param name="Cluster">The cluster's name in Nereid.</param>
/// <param name="Name">The class name, as PVCs name it.</param>
/// <param name="Provisioner">The CSI driver or in-tree provisioner, e.g. <c>rook-ceph.rbd.csi.ceph.com</c>.</param>
/// <param name="ReclaimPolicy"><c>Delete</c> (the default) or <c>Retain</c>.</param>
/// <param name="VolumeBindingMode"><c>Immediate</c> (the default) or <c>WaitForFirstConsumer</c>.</param>
/// <param name="AllowVolumeExpansion">Whether claims of this class can grow.</param>
/// <param name="IsDefault">Annotated <c>storageclass.kubernetes.io/is-default-class: "true"</c>: claims without a class get it.</param>
/// <param name="Description">What platform admins wrote about the class (region, filesystem, access modes, media, notes); null when nothing.</param>
internal sealed record StorageClassView(
    string Cluster,
    string Name,
    string Provisioner,
    string ReclaimPolicy,
    string VolumeBindingMode,
    bool AllowVolumeExpansion,
    bool IsDefault,
    StorageClassDescriptionView? Description = null);

/// <summary>The catalogue: every class of every connected cluster, and the clusters whose classes are not known yet.</summary>
/// <param name="Classes">By cluster, then name.</param>
/// <param name="Unsynced">Clusters whose StorageClass informer has not listed yet (or whose runtime is not running).</param>
internal sealed record StorageCatalogView(IReadOnlyList<StorageClassView> Classes, IReadOnlyList<string> Unsynced);
