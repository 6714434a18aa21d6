using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Nereid.Kubernetes.Models;

/// <summary>
/// Any object without a typed model: apiVersion/kind/metadata are typed, every other field (spec, status, data)
/// lives in the mutable <see cref="Fields"/> JSON object. Use it with an explicit <see cref="ResourceType"/>.
/// </summary>
[JsonConverter(typeof(UnstructuredObjectConverter))]
public sealed class UnstructuredObject : KubeObject
{
    /// <summary>All top-level fields other than apiVersion, kind and metadata.</summary>
    public JsonObject Fields { get; set; } = [];

    /// <summary>Gets or sets a top-level field such as <c>spec</c>; setting null removes it.</summary>
    public JsonNode? this[string field]
    {
        get => Fields[field];
        set
        {
            if (value is null)
            {
                Fields.Remove(field);
            }
            else
            {
                Fields[field] = value;
            }
        }
    }
}

/// <summary>Maps an <see cref="UnstructuredObject"/> to and from one flat JSON object.</summary>
internal sealed class UnstructuredObjectConverter : JsonConverter<UnstructuredObject>
{
    public override UnstructuredObject? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (JsonNode.Parse(ref reader) is not JsonObject node)
        {
            throw new JsonException("An object was expected.");
        }
        var obj = new UnstructuredObject
        {
            ApiVersion = node["apiVersion"]?.GetValue<string>(),
            Kind = node["kind"]?.GetValue<string>(),
            Metadata = node["metadata"]?.Deserialize(KubeJson.TypeInfo<ObjectMeta>()) ?? new ObjectMeta(),
        };
        node.Remove("apiVersion");
        node.Remove("kind");
        node.Remove("metadata");
        obj.Fields = node;
        return obj;
    }

    public override void Write(Utf8JsonWriter writer, UnstructuredObject value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.ApiVersion is not null)
        {
            writer.WriteString("apiVersion", value.ApiVersion);
        }
        if (value.Kind is not null)
        {
            writer.WriteString("kind", value.Kind);
        }
        writer.WritePropertyName("metadata");
        JsonSerializer.Serialize(writer, value.Metadata, KubeJson.TypeInfo<ObjectMeta>());
        foreach (var (name, field) in value.Fields)
        {
            writer.WritePropertyName(name);
            if (field is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                field.WriteTo(writer);
            }
        }
        writer.WriteEndObject();
    }
}
