namespace Nereid.Kubernetes.Inventory;

/// <summary>One node as the inventory sees it: GPU facts from GPU Feature Discovery labels, typed capacity, and what is free.</summary>
/// <param name="Name">Node name.</param>
/// <param name="GpuProduct">GFD <c>nvidia.com/gpu.product</c>, or null on nodes without it.</param>
/// <param name="GpuCountLabel">GFD <c>nvidia.com/gpu.count</c> (what the hardware has; may differ from allocatable).</param>
/// <param name="GpuMemoryMiB">GFD <c>nvidia.com/gpu.memory</c>, MiB per GPU.</param>
/// <param name="Region">Label <c>topology.kubernetes.io/region</c>, else the deprecated <c>failure-domain.beta.kubernetes.io/region</c>.</param>
/// <param name="Zone">Label <c>topology.kubernetes.io/zone</c>, else the deprecated <c>failure-domain.beta.kubernetes.io/zone</c>.</param>
/// <param name="Ready">The Ready condition is True.</param>
/// <param name="Unschedulable">Cordoned (<c>spec.unschedulable</c>).</param>
/// <param name="Taints">Every taint, as <c>key=value:Effect</c>.</param>
/// <param name="Capacity">Status capacity.</param>
/// <param name="Allocatable">Status allocatable.</param>
/// <param name="Requested">Sum of the effective requests of the non-terminated pods bound to the node.</param>
/// <param name="Free">Allocatable minus requested, never negative, on an available node (Ready, not cordoned); zero otherwise.</param>
/// <param name="Pods">Number of non-terminated pods bound to the node.</param>
public sealed record NodeInventory(
    string Name,
    string? GpuProduct,
    int? GpuCountLabel,
    long? GpuMemoryMiB,
    string? Region,
    string? Zone,
    bool Ready,
    bool Unschedulable,
    IReadOnlyList<string> Taints,
    ResourceAmounts Capacity,
    ResourceAmounts Allocatable,
    ResourceAmounts Requested,
    ResourceAmounts Free,
    int Pods)
{
    /// <summary>The blocking taints (NoSchedule/NoExecute) in model form, for free-for-me checks.</summary>
    public IReadOnlyList<Models.Taint> BlockingTaints { get; init; } = [];

    /// <summary>Why no new pod can start here (<c>NotReady</c>, <c>cordoned</c>); empty when the node is available.</summary>
    public IReadOnlyList<string> UnavailableReasons { get; init; } = [];

    /// <summary>True when new pods can be scheduled here at all: Ready and not cordoned.</summary>
    public bool Available => UnavailableReasons.Count == 0;

    /// <summary>On an unavailable node, what would be free if it were available (allocatable minus requested); zero otherwise.</summary>
    public ResourceAmounts Unavailable { get; init; } = ResourceAmounts.Zero;

    /// <summary>Physical GPUs and advertised slots, and whether labels and allocatable agree.</summary>
    public GpuFacts Gpu { get; init; } = GpuFacts.None;

    /// <summary>Things an operator should check: labels that disagree with allocatable.</summary>
    public IReadOnlyList<string> Warnings => Gpu.Mismatch is { } m ? [m] : [];

    /// <summary>The name used to group this node's <c>nvidia.com/gpu</c> devices: the product, or <c>unknown</c>.</summary>
    public string GpuType => string.IsNullOrEmpty(GpuProduct) ? "unknown" : GpuProduct;

    /// <summary>True when a pod with <paramref name="tolerations"/> could be placed here: available (Ready, not cordoned), all blocking taints tolerated.</summary>
    public bool SchedulableFor(IReadOnlyCollection<Models.Toleration> tolerations)
    {
        ArgumentNullException.ThrowIfNull(tolerations);
        return Available && !TaintMatching.Untolerated(BlockingTaints, tolerations).Any();
    }
}
