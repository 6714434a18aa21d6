namespace Nereid.Server.Storage;

/// <summary>A volume (PersistentVolumeClaim) of a namespace as the portal shows it.</summary>
/// <param name="Cluster">The cluster it lives on.</param>
/// <param name="Name">The claim's name.</param>
/// <param name="StorageClass">Its class (the default class when the request named none).</param>
/// <param name="Requested">The requested size, e.g. <c>10Gi</c>.</param>
/// <param name="AccessModes">ReadWriteOnce, ReadWriteMany, …</param>
/// <param name="Phase">Pending, Bound or Lost.</param>
/// <param name="Volume">The bound PersistentVolume, once bound.</param>
/// <param name="Capacity">The bound capacity, once bound.</param>
/// <param name="UsedBytes">Bytes in use as the kubelet reports them to Prometheus (<c>kubelet_volume_stats_used_bytes</c>); null when not reported.</param>
/// <param name="CapacityBytes">The filesystem's size as the kubelet reports it (<c>kubelet_volume_stats_capacity_bytes</c>); null when not reported.</param>
internal sealed record VolumeView(string Cluster, string Name, string? StorageClass, string? Requested, IReadOnlyList<string> AccessModes,
    string? Phase, string? Volume, string? Capacity, long? UsedBytes = null, long? CapacityBytes = null);

/// <summary>A new volume: its name, class, size and access mode; the cluster may be left out when only one is connected.</summary>
internal sealed record VolumeInput(string? Cluster, string? Name, string? StorageClass, string? Size, string? AccessMode);

/// <summary>A new size for an existing volume.</summary>
internal sealed record VolumeResizeInput(string? Cluster, string? Size);
