using Nereid.Kubernetes.Inventory;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Resources.Words;

/// <summary>
/// Names and taints as people read them; the API returns these beside the raw names (<c>displayName</c> beside <c>name</c>)
/// and the page shows them with the raw name on hover, so both say the same thing.
/// </summary>
internal static class ResourceWords
{
    /// <summary>
    /// GPU Feature Discovery writes the product with dashes for spaces: <c>NVIDIA-A100-SXM4-80GB</c> → "NVIDIA A100 SXM4 80GB";
    /// a MIG-single product keeps its profile (<c>…-MIG-1g.5gb</c> → "… MIG 1g.5gb"). Null or empty → "GPU of unknown type".
    /// </summary>
    public static string GpuProduct(string? product) =>
        string.IsNullOrWhiteSpace(product) || product == Accelerators.UnknownGpuType
            ? "GPU of unknown type"
            : product.Replace('-', ' ').Replace('_', ' ').Trim();

    /// <summary>One accelerator type as the summary lists it: a GPU product in words, or an extended resource in words (<see cref="Units.ResourceName"/>).</summary>
    public static string AcceleratorType(string type, string kind) =>
        kind == "gpu" ? GpuProduct(type) : Units.ResourceName(type);

    /// <summary>A node's reason for being unavailable (<c>NotReady</c>, <c>cordoned</c>) in words.</summary>
    public static string Unavailable(string reason) => reason switch
    {
        "NotReady" => "the node is not ready (its kubelet does not report healthy)",
        "cordoned" => "the node is cordoned: an operator stopped new pods from starting there",
        _ => reason,
    };
}
