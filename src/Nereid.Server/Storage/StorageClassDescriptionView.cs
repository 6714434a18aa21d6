using Nereid.Domain.Storage;

namespace Nereid.Server.Storage;

/// <summary>An operator-written description of one class, as the API and the page show it.</summary>
/// <param name="Cluster">The cluster's name in Nereid.</param>
/// <param name="StorageClass">The class name.</param>
/// <param name="Region">Where the data lives.</param>
/// <param name="FilesystemType">The filesystem or backend people get.</param>
/// <param name="AccessModes">The access modes the class offers; empty when the description does not restrict them.</param>
/// <param name="Media">NVMe, SSD, HDD, …</param>
/// <param name="Notes">Size and other notes.</param>
/// <param name="Version">The ETag to send back in If-Match; 0 while nothing is written.</param>
/// <param name="UpdatedAt">When it was last written; null while nothing is written.</param>
internal sealed record StorageClassDescriptionView(string Cluster, string StorageClass, string Region, string FilesystemType, IReadOnlyList<string> AccessModes,
    string Media, string Notes, int Version, DateTime? UpdatedAt)
{
    internal static StorageClassDescriptionView Of(StorageClassDescription d) =>
        new(d.Cluster, d.ClassName, d.Region, d.FilesystemType, [.. d.AccessModes], d.Media, d.Notes, d.Version, d.UpdatedAt);

    internal static StorageClassDescriptionView Empty(string cluster, string storageClass) => new(cluster, storageClass, "", "", [], "", "", 0, null);
}

/// <summary>What a platform admin writes about a class; every field replaces the stored one.</summary>
internal sealed record StorageClassDescriptionInput(string? Region, string? FilesystemType, IReadOnlyList<string>? AccessModes, string? Media, string? Notes);
