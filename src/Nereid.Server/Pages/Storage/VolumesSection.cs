using Nereid.Server.Storage;

namespace Nereid.Server.Pages.Storage;

/// <summary>What the volumes part of /storage (<c>_Volumes.cshtml</c>) shows for one namespace on one cluster.</summary>
/// <param name="Page">The page, for the posted forms and their errors.</param>
/// <param name="Row">The namespace's storage as read.</param>
/// <param name="Classes">The classes the cluster offers.</param>
/// <param name="Key">The element-id stem of this namespace and cluster.</param>
/// <param name="Posted">Whether a volume form of this namespace was posted.</param>
internal sealed record VolumesSection(IndexModel Page, NamespaceStorage Row, IReadOnlyList<StorageClassView> Classes, string Key, bool Posted);
