using Nereid.Kubernetes.Inventory;

namespace Nereid.Server.Resources.Words;

/// <summary>How to ask for one accelerator type in a pod spec.</summary>
/// <param name="Type">The type as the summary lists it (and the node filter accepts).</param>
/// <param name="DisplayName">The type in words.</param>
/// <param name="Resource">The resource name to put under <c>resources.limits</c>.</param>
/// <param name="NodeSelector">The node label that picks this GPU model (<c>nvidia.com/gpu.product</c>), or null when the resource name alone selects it.</param>
/// <param name="Snippet">A pod spec fragment asking for one of it, ready to copy.</param>
internal sealed record GpuRequestHint(string Type, string DisplayName, string Resource, IReadOnlyDictionary<string, string>? NodeSelector, string Snippet);

/// <summary>
/// Builds the pod spec fragments: a GPU model is picked by GPU Feature Discovery's product label with <c>nvidia.com/gpu</c> in the
/// limits; a MIG profile, FPGA or renamed GPU is its own extended resource, so the resource name is enough.
/// </summary>
internal static class GpuRequestHints
{
    public static IReadOnlyList<GpuRequestHint> For(IEnumerable<AcceleratorSummary> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        return [.. types.Select(For)];
    }

    public static GpuRequestHint For(AcceleratorSummary type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var byProduct = type.Kind == "gpu" && type.Type != Accelerators.UnknownGpuType;
        IReadOnlyDictionary<string, string>? selector = byProduct
            ? new Dictionary<string, string>(StringComparer.Ordinal) { [ResourceNames.GpuProductLabel] = type.Type }
            : null;
        var lines = new List<string> { "spec:" };
        if (selector is not null)
        {
            lines.Add("  nodeSelector:");
            lines.AddRange(selector.Select(s => $"    {s.Key}: {Yaml(s.Value)}"));
        }
        lines.AddRange(["  containers:", "  - name: main", "    image: your-image", "    resources:", "      limits:", $"        {type.Resource}: 1"]);
        return new GpuRequestHint(type.Type, ResourceWords.AcceleratorType(type.Type, type.Kind), type.Resource, selector, string.Join('\n', lines) + "\n");
    }

    // Label values are [A-Za-z0-9._-]; quote the ones YAML would read as a number or boolean.
    private static string Yaml(string value) =>
        double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _) || value is "true" or "false" or "yes" or "no" ? $"\"{value}\"" : value;
}
