using System.Text.Json.Nodes;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Schema;
using Nereid.KubeDouble.Server;

namespace Nereid.KubeDouble.CustomResources;

/// <summary>
/// The check server-side apply makes when it turns an applied configuration into a typed object
/// (structured-merge-diff): a field the schema does not declare, or a scalar of the wrong JSON type, fails the
/// whole request, whatever <c>fieldValidation</c> says. The apiserver answers 500 with no reason and the message
/// <c>failed to create typed patch object (ns/name; group/version, Kind=Kind): .spec.foo: field not declared in schema</c>.
/// </summary>
internal static class ApplyTypeCheck
{
    /// <summary>The structured-merge-diff errors of an applied configuration (path first: <c>.spec.foo: …</c>).</summary>
    public static List<string> Errors(JsonObject applied, SchemaNode root)
    {
        var errors = new List<string>();
        Walk(applied, root, "", errors);
        return errors;
    }

    public static ApiException Rejection(ResourceInfo r, JsonObject applied, IReadOnlyList<string> errors)
    {
        var ns = JsonIo.Str(applied["metadata"]?["namespace"]) ?? "";
        var name = JsonIo.Str(applied["metadata"]?["name"]) ?? "";
        // structured-merge-diff prints one error alone, several as an indented list.
        var detail = errors.Count == 1 ? errors[0] : "errors:\n" + string.Join("\n", errors.Select(e => "  " + e));
        return new ApiException(500, "", $"failed to create typed patch object ({ns}/{name}; {r.Group}/{r.Version}, Kind={r.Kind}): {detail}");
    }

    private static void Walk(JsonNode? value, SchemaNode node, string path, List<string> errors)
    {
        if (value is null)
        {
            return;
        }
        switch (node.Type)
        {
            case SchemaType.Object when value is JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    var childPath = path + "." + name;
                    if ((node.Properties?.GetValueOrDefault(name) ?? node.AdditionalProperties) is { } childNode)
                    {
                        Walk(child, childNode, childPath, errors);
                    }
                    else if (!node.PreserveUnknownFields)
                    {
                        errors.Add($"{childPath}: field not declared in schema");
                    }
                }
                break;
            case SchemaType.Object:
                errors.Add($"{path}: expected map, got {GoType(value)}");
                break;
            case SchemaType.Array when value is JsonArray array:
                if (node.Items is { } items)
                {
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], items, $"{path}[{i}]", errors);
                    }
                }
                break;
            case SchemaType.Array:
                errors.Add($"{path}: expected list, got {GoType(value)}");
                break;
            case SchemaType.Integer or SchemaType.Number when !IsNumber(value):
                errors.Add($"{path}: expected numeric (int or float), got {GoType(value)}");
                break;
            case SchemaType.String when !IsKind(value, System.Text.Json.JsonValueKind.String):
                errors.Add($"{path}: expected string, got &value.valueUnstructured{{Value:{GoValue(value)}}}");
                break;
            case SchemaType.Boolean when !IsKind(value, System.Text.Json.JsonValueKind.True) && !IsKind(value, System.Text.Json.JsonValueKind.False):
                errors.Add($"{path}: expected boolean, got &{{{GoValue(value)}}}");
                break;
        }
    }

    private static bool IsNumber(JsonNode value) => IsKind(value, System.Text.Json.JsonValueKind.Number);

    private static bool IsKind(JsonNode value, System.Text.Json.JsonValueKind kind) => value is JsonValue v && v.GetValueKind() == kind;

    /// <summary>Go's <c>%T</c> of the decoded value.</summary>
    private static string GoType(JsonNode value) => value switch
    {
        JsonObject => "map[string]interface {}",
        JsonArray => "[]interface {}",
        _ => value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => "string",
            System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "bool",
            System.Text.Json.JsonValueKind.Number => value.ToJsonString().Contains('.', StringComparison.Ordinal) ? "float64" : "int64",
            _ => "<nil>",
        },
    };

    /// <summary>Go's <c>%v</c> of a decoded scalar.</summary>
    private static string GoValue(JsonNode value) => value switch
    {
        JsonObject or JsonArray => GoType(value),
        _ when value.GetValueKind() == System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
