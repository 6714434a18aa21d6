using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using YamlDotNet.Serialization;

namespace Nereid.Server.Tests.Federation;

/// <summary>
/// The Admiralty CRD schemas (<c>shared/reference/admiralty/*.yaml</c>, found by walking up from the test's directory),
/// each version's <c>openAPIV3Schema</c> evaluated by JsonSchema.Net. Stricter than the API server, which prunes unknown
/// fields silently: here every object with declared properties refuses others, so a misspelt field fails the test
/// instead of vanishing on apply.
/// </summary>
internal static class AdmiraltySchema
{
    private static readonly Lazy<IReadOnlyDictionary<string, JsonSchema>> Schemas = new(Load);

    /// <summary>The schema's errors for <paramref name="obj"/>, looked up by its apiVersion and kind (empty when it validates).</summary>
    public static IReadOnlyList<string> Errors(JsonObject obj)
    {
        var key = $"{obj["apiVersion"]}/{obj["kind"]}";
        if (!Schemas.Value.TryGetValue(key, out var schema))
        {
            return [$"no Admiralty CRD serves {key}"];
        }
        using var json = JsonDocument.Parse(obj.ToJsonString());
        var result = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid ? [] : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }

    private static Dictionary<string, JsonSchema> Load()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "shared", "reference", "admiralty")))
        {
            dir = dir.Parent;
        }
        if (dir is null)
        {
            throw new DirectoryNotFoundException("shared/reference/admiralty was not found above " + AppContext.BaseDirectory);
        }
        var result = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        var yaml = new DeserializerBuilder().Build();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(dir.FullName, "shared", "reference", "admiralty"), "*.yaml"))
        {
            foreach (var doc in ("\n" + File.ReadAllText(file)).Split("\n---", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (ToJson(yaml.Deserialize<object?>(doc)) is not JsonObject crd || crd["spec"] is not JsonObject spec)
                {
                    continue;
                }
                foreach (var version in spec["versions"]!.AsArray().OfType<JsonObject>())
                {
                    var schema = version["schema"]!["openAPIV3Schema"]!.DeepClone().AsObject();
                    var properties = schema["properties"]!.AsObject();
                    properties["apiVersion"] = new JsonObject { ["type"] = "string" };
                    properties["kind"] = new JsonObject { ["type"] = "string" };
                    properties["metadata"] = new JsonObject { ["type"] = "object" };
                    Close(schema);
                    result[$"{spec["group"]}/{version["name"]}/{spec["names"]!["kind"]}"] = JsonSchema.FromText(schema.ToJsonString());
                }
            }
        }
        return result;
    }

    private static void Close(JsonObject schema)
    {
        if (schema["properties"] is JsonObject properties)
        {
            schema["additionalProperties"] = false;
            foreach (var (_, child) in properties)
            {
                if (child is JsonObject c)
                {
                    Close(c);
                }
            }
        }
    }

    // YamlDotNet reads untyped YAML as dictionaries, lists and strings; the schemas only hold strings and maps.
    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        IDictionary<object, object?> map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key.ToString()!, ToJson(kv.Value)))),
        IList<object?> list => new JsonArray([.. list.Select(ToJson)]),
        _ => JsonValue.Create(value.ToString()),
    };
}
