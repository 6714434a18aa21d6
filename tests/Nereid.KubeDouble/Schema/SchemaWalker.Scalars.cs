using System.Text.Json;

namespace Nereid.KubeDouble.Schema;

/// <summary>Scalar checks: types, formats, enumerations and quantities.</summary>
internal sealed partial class SchemaWalker
{
    private void CheckString(string text, SchemaNode node)
    {
        switch (node.Format)
        {
            // metav1.Time decodes "" as the zero time, so an empty timestamp is accepted.
            case "date-time" when text.Length > 0 && !DateTimeFormat.IsValid(text):
            case "byte" when !IsBase64(text):
                Add(SchemaError.FieldValueInvalid, $"Invalid value: {Quote(text)}: {RenderPath()} in body must be of type {node.Format}: {Quote(text)}");
                return;
        }

        if (node.Enum is { } values && Array.IndexOf(values, text) < 0)
        {
            var supported = string.Join(", ", values.Where(v => v.Length > 0).Select(Quote));
            Add(SchemaError.FieldValueNotSupported, $"Unsupported value: {Quote(text)}: supported values: {supported}");
        }
    }

    private void CheckInteger(long number, SchemaNode node)
    {
        if (node.Format == "int32" && number is < int.MinValue or > int.MaxValue)
        {
            Add(SchemaError.FieldValueInvalid, $"Invalid value: {number}: {RenderPath()} in body must be of type int32: \"{number}\"");
        }
    }

    private void CheckQuantity(JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (text is null)
        {
            Add(SchemaError.FieldValueInvalid, $"Invalid value: {Quote(TypeName(value))}: {RenderPath()} in body must be of type string: {Quote(TypeName(value))}");
        }
        else if (!QuantityFormat.IsValid(text))
        {
            Add(SchemaError.FieldValueInvalid, $"Invalid value: {Quote(text)}: {QuantityFormat.Error}");
        }
    }

    private void TypeMismatch(JsonElement value, SchemaNode node)
    {
        var expected = node.Type switch
        {
            SchemaType.IntOrString => "integer or string",
            _ => node.Type.ToString().ToLowerInvariant(),
        };
        var actual = TypeName(value);
        Add(SchemaError.FieldValueInvalid, $"Invalid value: {Quote(actual)}: {RenderPath()} in body must be of type {expected}: {Quote(actual)}");
    }

    private static bool IsInteger(JsonElement value) => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _);

    private static string TypeName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => IsInteger(value) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static bool IsBase64(string text)
    {
        if (text.Length % 4 != 0)
        {
            return false;
        }

        var buffer = text.Length <= 1024 ? stackalloc byte[text.Length] : new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _) && !text.AsSpan().ContainsAny(" \t\r\n");
    }

    /// <summary>Go's <c>%q</c> for the plain strings that occur in object fields (quotes, backslashes, control characters escaped).</summary>
    internal static string Quote(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '\t' => builder.Append("\\t"),
                < ' ' => builder.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }
}
