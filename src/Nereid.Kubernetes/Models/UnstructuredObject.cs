using System.Text.Json.Nodes;

namespace Nereid.Kubernetes.Models;

/// <summary>
/// Any object without a typed model: apiVersion/kind/metadata are typed, every other field (spec, status, data)
/// lives in the <see cref="KubeObject.ExtensionData"/> JSON object. Use it with an explicit <see cref="ResourceType"/>.
/// </summary>
public sealed class UnstructuredObject : KubeObject
{
    /// <summary>Gets or sets a top-level field such as <c>spec</c>; setting null removes it.</summary>
    public JsonNode? this[string field]
    {
        get => ExtensionData?[field];
        set
        {
            if (value is null)
            {
                ExtensionData?.Remove(field);
                return;
            }
            ExtensionData ??= [];
            ExtensionData[field] = value;
        }
    }
}
