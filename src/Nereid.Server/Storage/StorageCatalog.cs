using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;

namespace Nereid.Server.Storage;

/// <summary>Builds the StorageClass catalogue from the informers' caches; nothing here calls a cluster.</summary>
internal sealed class StorageCatalog(StorageClassController controller, IClusterConnections clusters)
{
    /// <summary>The annotation that marks the default class (DefaultStorageClass admission reads it).</summary>
    public const string DefaultClassAnnotation = "storageclass.kubernetes.io/is-default-class";

    /// <summary>Every class of every connected cluster, or of <paramref name="cluster"/> only.</summary>
    public StorageCatalogView List(string? cluster)
    {
        var classes = new List<StorageClassView>();
        var unsynced = new List<string>();
        foreach (var name in clusters.Clusters.Select(c => c.Name).Where(n => cluster is null || n == cluster).Order(StringComparer.Ordinal))
        {
            if (!controller.Informers.TryGetValue(name, out var informer) || !informer.HasSynced)
            {
                unsynced.Add(name);
                continue;
            }
            classes.AddRange(informer.List().Select(c => View(name, c)).OrderBy(c => c.Name, StringComparer.Ordinal));
        }
        return new StorageCatalogView(classes, unsynced);
    }

    /// <summary>One class of one cluster, or null when that cluster has no such class (or is not synced).</summary>
    public StorageClassView? Find(string cluster, string name) =>
        controller.Informers.TryGetValue(cluster, out var informer) && informer.Get(name) is { } c ? View(cluster, c) : null;

    private static StorageClassView View(string cluster, StorageClass c) => new(
        cluster,
        c.Metadata.Name ?? "",
        c.Provisioner ?? "",
        c.ReclaimPolicy ?? "Delete",
        c.VolumeBindingMode ?? "Immediate",
        c.AllowVolumeExpansion ?? false,
        c.Metadata.Annotations?.GetValueOrDefault(DefaultClassAnnotation) == "true");
}
