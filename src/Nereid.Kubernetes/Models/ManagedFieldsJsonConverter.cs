using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nereid.Kubernetes.Models;

/// <summary>
/// Reads <c>metadata.managedFields</c> without each entry's <c>fieldsV1</c> (the set of fields the manager owns): Nereid
/// only asks who wrote an object (manager, operation, subresource), and the field sets were most of the bytes, tokens
/// and surviving memory of every object an informer decodes. Everything else in an entry is kept as sent.
/// </summary>
internal sealed class ManagedFieldsJsonConverter : JsonConverter<JsonElement?>
{
    private const int StackLimit = 256;

    // Reused per thread: Read never awaits, so a thread's buffer and writer are never shared by two reads.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public override bool HandleNull => true;

    public override JsonElement? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return JsonElement.ParseValue(ref reader);
        }
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartArray();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                CopyEntry(ref reader, writer);
            }
            else
            {
                JsonElement.ParseValue(ref reader).WriteTo(writer);
            }
        }
        writer.WriteEndArray();
        writer.Flush();
        var compact = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref compact);
    }

    public override void Write(Utf8JsonWriter writer, JsonElement? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } element)
        {
            element.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>Copies one entry object, reader on its StartObject, leaving out <c>fieldsV1</c>; ends on its EndObject.</summary>
    private static void CopyEntry(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("fieldsV1"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            WriteText(ref reader, writer, name: true);
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                WriteText(ref reader, writer, name: false);
            }
            else
            {
                JsonElement.ParseValue(ref reader).WriteTo(writer);
            }
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes the current property name or string value, unescaped through a stack buffer when it is short.</summary>
    private static void WriteText(ref Utf8JsonReader reader, Utf8JsonWriter writer, bool name)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > StackLimit)
        {
            var text = reader.GetString()!;
            if (name)
            {
                writer.WritePropertyName(text);
            }
            else
            {
                writer.WriteStringValue(text);
            }
            return;
        }
        Span<byte> scratch = stackalloc byte[StackLimit];
        var utf8 = scratch[..reader.CopyString(scratch)];
        if (name)
        {
            writer.WritePropertyName(utf8);
        }
        else
        {
            writer.WriteStringValue(utf8);
        }
    }
}
