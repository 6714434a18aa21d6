using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Schema;

/// <summary>
/// Turns raw OpenAPI v3 schema objects into <see cref="SchemaNode"/> trees. Named schemas
/// (<c>#/components/schemas/...</c>) are compiled once and shared; not thread-safe, the caller locks.
/// </summary>
internal sealed class SchemaCompiler
{
    private const string RefPrefix = "#/components/schemas/";
    private const string QuantityName = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    private readonly IReadOnlyDictionary<string, JsonElement> _raw;
    private readonly Dictionary<string, SchemaNode> _named = new(StringComparer.Ordinal);

    private readonly bool _structural;

    /// <param name="raw">Named schemas that <c>$ref</c>s point at.</param>
    /// <param name="structural">
    /// CustomResourceDefinition schemas: an object keeps unknown fields only when it says
    /// <c>x-kubernetes-preserve-unknown-fields</c> (or <c>additionalProperties: true</c>); otherwise they are pruned,
    /// even when it declares no properties. Built-in schemas read an empty object as arbitrary JSON.
    /// </param>
    public SchemaCompiler(IReadOnlyDictionary<string, JsonElement> raw, bool structural = false)
    {
        _raw = raw;
        _structural = structural;
    }

    /// <summary>Compiles an inline schema (a CRD's <c>openAPIV3Schema</c>).</summary>
    public SchemaNode CompileInline(JsonElement raw) => Compile(raw);

    /// <summary>The compiled node of a named schema, compiling it (and what it refers to) on first use.</summary>
    public SchemaNode Named(string name)
    {
        if (_named.TryGetValue(name, out var node))
        {
            return node;
        }

        if (!_raw.TryGetValue(name, out var raw))
        {
            throw new InvalidOperationException($"OpenAPI schema '{name}' is referenced but not defined.");
        }

        node = new SchemaNode();
        // Registered before filling so that recursive schemas (JSONSchemaProps) point at this instance.
        _named[name] = node;
        if (name == QuantityName)
        {
            node.Type = SchemaType.Quantity;
            return node;
        }

        Fill(node, raw, name);
        return node;
    }

    private SchemaNode Compile(JsonElement raw)
    {
        if (raw.TryGetProperty("$ref", out var reference))
        {
            return Named(RefName(reference));
        }

        // The spec wraps refs as {"allOf":[{"$ref":...}], "default":..., "description":...} to attach docs.
        if (raw.TryGetProperty("allOf", out var allOf) && allOf.GetArrayLength() == 1 && !HasStructure(raw))
        {
            return Compile(allOf[0]);
        }

        var node = new SchemaNode();
        Fill(node, raw, owner: null);
        return node;
    }

    /// <param name="owner">The named schema being filled; only its own properties get <see cref="KnownEnums"/>.</param>
    private void Fill(SchemaNode node, JsonElement raw, string? owner)
    {
        var type = raw.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        node.Format = raw.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        node.Enum = ReadEnum(raw);
        node.Default = raw.TryGetProperty("default", out var defaultValue) ? JsonNode.Parse(defaultValue.GetRawText()) : null;
        if (IsTrue(raw, "x-kubernetes-int-or-string") || node.Format == "int-or-string")
        {
            node.Type = SchemaType.IntOrString;
            return;
        }

        if (type is null && raw.TryGetProperty("oneOf", out var oneOf))
        {
            node.Type = SchemaType.OneOf;
            node.OneOf = [.. oneOf.EnumerateArray().Select(o => Compile(o))];
            return;
        }

        node.Type = type switch
        {
            "object" => SchemaType.Object,
            "array" => SchemaType.Array,
            "string" => SchemaType.String,
            "integer" => SchemaType.Integer,
            "number" => SchemaType.Number,
            "boolean" => SchemaType.Boolean,
            null when raw.TryGetProperty("properties", out _) => SchemaType.Object,
            _ => SchemaType.Any,
        };

        if (node.Type == SchemaType.Array)
        {
            if (raw.TryGetProperty("items", out var items))
            {
                node.Items = Compile(items);
            }
            node.ListType = ReadString(raw, "x-kubernetes-list-type");
            node.ListMapKeys = raw.TryGetProperty("x-kubernetes-list-map-keys", out var keys) && keys.ValueKind == JsonValueKind.Array
                ? [.. keys.EnumerateArray().Select(k => k.GetString()!)]
                : null;
            node.PatchStrategy = ReadString(raw, "x-kubernetes-patch-strategy");
            node.PatchMergeKey = ReadString(raw, "x-kubernetes-patch-merge-key");
        }

        if (node.Type == SchemaType.Object)
        {
            FillObject(node, raw, owner);
        }
    }

    private void FillObject(SchemaNode node, JsonElement raw, string? owner)
    {
        var hasProperties = raw.TryGetProperty("properties", out var properties);
        if (hasProperties)
        {
            var map = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
            foreach (var property in properties.EnumerateObject())
            {
                var child = Compile(property.Value);
                if (owner is not null && KnownEnums.For(owner, property.Name) is { } values)
                {
                    child = child.WithEnum(values);
                }

                map[property.Name] = child;
            }

            node.Properties = map;
        }

        if (raw.TryGetProperty("required", out var required))
        {
            node.Required = [.. required.EnumerateArray().Select(r => r.GetString()!)];
        }

        var hasAdditional = raw.TryGetProperty("additionalProperties", out var additional);
        if (hasAdditional && additional.ValueKind == JsonValueKind.Object)
        {
            node.AdditionalProperties = Compile(additional);
        }

        // An object schema that declares no fields (RawExtension, FieldsV1) holds arbitrary JSON.
        node.PreserveUnknownFields = IsTrue(raw, "x-kubernetes-preserve-unknown-fields")
            || (hasAdditional && additional.ValueKind == JsonValueKind.True)
            || (!_structural && !hasProperties && !hasAdditional);
        if (IsTrue(raw, "x-kubernetes-embedded-resource"))
        {
            node.Properties ??= new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
            node.Properties.TryAdd("apiVersion", new SchemaNode { Type = SchemaType.String });
            node.Properties.TryAdd("kind", new SchemaNode { Type = SchemaType.String });
            node.Properties.TryAdd("metadata", new SchemaNode { Type = SchemaType.Object, PreserveUnknownFields = true });
        }
    }

    private static bool HasStructure(JsonElement raw) =>
        raw.TryGetProperty("type", out _) || raw.TryGetProperty("properties", out _) || raw.TryGetProperty("items", out _);

    private static string[]? ReadEnum(JsonElement raw) =>
        raw.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array
            ? [.. values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : null;

    private static string? ReadString(JsonElement raw, string name) =>
        raw.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsTrue(JsonElement raw, string name) =>
        raw.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static string RefName(JsonElement reference)
    {
        var text = reference.GetString() ?? string.Empty;
        return text.StartsWith(RefPrefix, StringComparison.Ordinal) ? text[RefPrefix.Length..] : text;
    }
}
