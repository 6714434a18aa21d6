namespace Nereid.KubeDouble.Schema;

/// <summary>What a compiled schema node accepts.</summary>
internal enum SchemaType
{
    /// <summary>Anything (schema <c>{}</c>, e.g. apiextensions <c>JSON</c>).</summary>
    Any,
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,

    /// <summary><c>x-kubernetes-int-or-string</c> / <c>format: int-or-string</c>.</summary>
    IntOrString,

    /// <summary><c>resource.Quantity</c>: a quantity string, or a JSON number.</summary>
    Quantity,

    /// <summary>A value must satisfy one of <see cref="SchemaNode.OneOf"/>.</summary>
    OneOf,
}

/// <summary>
/// One node of the compiled schema tree. Nodes are built once (cycles allowed: a named schema is
/// registered before its children are compiled) and are read-only once published.
/// </summary>
internal sealed class SchemaNode
{
    public SchemaType Type { get; set; }

    /// <summary><c>int32</c>, <c>int64</c>, <c>date-time</c>, <c>byte</c>, <c>double</c>, or null.</summary>
    public string? Format { get; set; }

    public Dictionary<string, SchemaNode>? Properties { get; set; }

    public string[] Required { get; set; } = [];

    /// <summary>Value schema of a map (<c>additionalProperties</c>).</summary>
    public SchemaNode? AdditionalProperties { get; set; }

    /// <summary>Unknown properties are kept (object without declared fields, or preserve-unknown-fields).</summary>
    public bool PreserveUnknownFields { get; set; }

    public SchemaNode? Items { get; set; }

    /// <summary>Arrays: <c>x-kubernetes-list-type</c> (<c>atomic</c>, <c>set</c>, <c>map</c>); null when the schema says nothing (atomic).</summary>
    public string? ListType { get; set; }

    /// <summary>Arrays of list-type map: <c>x-kubernetes-list-map-keys</c>.</summary>
    public string[]? ListMapKeys { get; set; }

    /// <summary>Arrays: <c>x-kubernetes-patch-strategy</c> (strategic merge patch), e.g. <c>merge</c> or <c>merge,retainKeys</c>.</summary>
    public string? PatchStrategy { get; set; }

    /// <summary>Arrays: <c>x-kubernetes-patch-merge-key</c> (strategic merge patch).</summary>
    public string? PatchMergeKey { get; set; }

    /// <summary>The schema of field <paramref name="name"/> of an object (or of a map's values); null when unknown.</summary>
    public static SchemaNode? Field(SchemaNode? node, string name) =>
        node is not { Type: SchemaType.Object } ? null : node.Properties?.GetValueOrDefault(name) ?? node.AdditionalProperties;

    /// <summary>The schema of an array's items; null when unknown.</summary>
    public static SchemaNode? ItemsOf(SchemaNode? node) => node is { Type: SchemaType.Array } ? node.Items : null;

    public string[]? Enum { get; set; }

    /// <summary>The schema's <c>default</c> (applied to custom resources only, as the apiserver does for structural schemas).</summary>
    public System.Text.Json.Nodes.JsonNode? Default { get; set; }

    public SchemaNode[]? OneOf { get; set; }

    /// <summary>A copy of this node restricted to <paramref name="values"/> (arrays: their items).</summary>
    public SchemaNode WithEnum(string[] values)
    {
        var copy = (SchemaNode)MemberwiseClone();
        if (Type == SchemaType.Array && Items is not null)
        {
            copy.Items = Items.WithEnum(values);
        }
        else
        {
            copy.Enum = values;
        }

        return copy;
    }
}
