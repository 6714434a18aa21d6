namespace Nereid.Server.Placement;

/// <summary>Where namespaces live when nobody chose. Section <c>Nereid:Placement</c>.</summary>
internal sealed class PlacementOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Nereid:Placement";

    /// <summary>
    /// Clusters (by configured name) a namespace without explicit placement lives on. Default empty: every connected
    /// cluster. Changing it never deletes a namespace from a cluster it leaves; only an explicit placement change does.
    /// </summary>
    public List<string> DefaultClusters { get; set; } = [];
}
