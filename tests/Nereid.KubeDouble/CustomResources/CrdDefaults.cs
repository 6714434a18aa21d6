using System.Text.Json.Nodes;
using Nereid.KubeDouble.Schema;

namespace Nereid.KubeDouble.CustomResources;

/// <summary>
/// Structural-schema defaulting: a property absent from an object (or null where the schema is not
/// <c>nullable</c>; the double treats every null as unset) gets the schema's <c>default</c>, at every depth,
/// inside objects that exist. Runs on every write, so stored objects always carry their defaults.
/// </summary>
internal static class CrdDefaults
{
    public static void Apply(JsonNode? value, SchemaNode? node)
    {
        switch (value)
        {
            case JsonObject obj when node is { Type: SchemaType.Object }:
                if (node.Properties is { } properties)
                {
                    foreach (var (name, child) in properties)
                    {
                        if (child.Default is { } defaultValue && obj[name] is null)
                        {
                            obj[name] = defaultValue.DeepClone();
                        }
                    }
                }
                foreach (var (name, child) in obj.ToList())
                {
                    Apply(child, SchemaNode.Field(node, name));
                }
                break;
            case JsonArray array when node is { Type: SchemaType.Array }:
                foreach (var item in array)
                {
                    Apply(item, node.Items);
                }
                break;
        }
    }
}
