using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nereid.Kubernetes.Quantities;

/// <summary>Reads a quantity from a JSON string or number and always writes the canonical string.</summary>
internal sealed class QuantityJsonConverter : JsonConverter<Quantity>
{
    /// <inheritdoc />
    public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        return reader.TokenType switch
        {
            JsonTokenType.String => Quantity.Parse(reader.GetString()!),
            // Some writers send bare numbers ("nvidia.com/gpu": 1); the raw text keeps them exact.
            JsonTokenType.Number => Quantity.Parse(RawNumber(ref reader)),
            _ => throw new JsonException($"Expected a quantity string, got {reader.TokenType}."),
        };
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }

    /// <inheritdoc />
    public override Quantity ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Quantity.Parse(reader.GetString()!);

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value.ToString());
    }

    private static string RawNumber(ref Utf8JsonReader reader)
    {
        var raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
        var text = System.Text.Encoding.UTF8.GetString(raw);
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? Quantity.Invariant(d)
            : text;
    }
}
