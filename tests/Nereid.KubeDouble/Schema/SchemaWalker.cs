using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Nereid.KubeDouble.Schema;

/// <summary>
/// One validation pass over a JSON value against a compiled <see cref="SchemaNode"/> tree. Keeps the
/// current path as a stack of segments and renders it only when an error is recorded.
/// </summary>
internal sealed partial class SchemaWalker
{
    private readonly List<Segment> _path = [];

    public List<SchemaError> Errors { get; } = [];

    /// <summary>Validates <paramref name="value"/> at the current path.</summary>
    public void Walk(JsonElement value, SchemaNode node)
    {
        // JSON null decodes to the Go zero value, which the apiserver treats as "unset".
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        switch (node.Type)
        {
            case SchemaType.Object when value.ValueKind == JsonValueKind.Object:
                WalkObject(value, node);
                break;
            case SchemaType.Array when value.ValueKind == JsonValueKind.Array:
                WalkArray(value, node);
                break;
            case SchemaType.String when value.ValueKind == JsonValueKind.String:
                // Most strings have neither format nor enum: skip materialising them.
                if (node.Format is not null || node.Enum is not null)
                {
                    CheckString(value.GetString()!, node);
                }

                break;
            case SchemaType.Integer when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number):
                CheckInteger(number, node);
                break;
            case SchemaType.Number when value.ValueKind == JsonValueKind.Number:
            case SchemaType.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
            case SchemaType.IntOrString when value.ValueKind == JsonValueKind.String || IsInteger(value):
            case SchemaType.Any:
                break;
            case SchemaType.Quantity:
                CheckQuantity(value);
                break;
            case SchemaType.OneOf:
                WalkOneOf(value, node);
                break;
            default:
                TypeMismatch(value, node);
                break;
        }
    }

    private void WalkObject(JsonElement value, SchemaNode node)
    {
        foreach (var property in value.EnumerateObject())
        {
            if (node.Properties is not null && node.Properties.TryGetValue(property.Name, out var child))
            {
                _path.Add(new Segment(property.Name, SegmentKind.Field));
                Walk(property.Value, child);
            }
            else if (node.AdditionalProperties is not null)
            {
                _path.Add(new Segment(property.Name, SegmentKind.Key));
                Walk(property.Value, node.AdditionalProperties);
            }
            else if (!node.PreserveUnknownFields)
            {
                _path.Add(new Segment(property.Name, SegmentKind.Field));
                var path = RenderPath();
                Errors.Add(new SchemaError(path, SchemaError.UnknownField, $"unknown field \"{path}\""));
            }
            else
            {
                continue;
            }

            _path.RemoveAt(_path.Count - 1);
        }

        foreach (var name in node.Required)
        {
            if (!value.TryGetProperty(name, out _))
            {
                _path.Add(new Segment(name, SegmentKind.Field));
                Add(SchemaError.FieldValueRequired, "Required value");
                _path.RemoveAt(_path.Count - 1);
            }
        }
    }

    private void WalkArray(JsonElement value, SchemaNode node)
    {
        if (node.Items is null)
        {
            return;
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            _path.Add(new Segment(null, SegmentKind.Index, index++));
            Walk(item, node.Items);
            _path.RemoveAt(_path.Count - 1);
        }
    }

    private void WalkOneOf(JsonElement value, SchemaNode node)
    {
        var before = Errors.Count;
        foreach (var alternative in node.OneOf ?? [])
        {
            Walk(value, alternative);
            if (Errors.Count == before)
            {
                return;
            }

            Errors.RemoveRange(before, Errors.Count - before);
        }

        Add(SchemaError.FieldValueInvalid, $"Invalid value: {Quote(TypeName(value))}: {RenderPath()} in body must match exactly one schema in oneOf");
    }

    /// <summary>Records an error at the current path.</summary>
    public void Add(string reason, string message) => Errors.Add(new SchemaError(RenderPath(), reason, message));

    /// <summary>Pushes a field name (used by the caller for top-level fields).</summary>
    public void Push(string field) => _path.Add(new Segment(field, SegmentKind.Field));

    /// <summary>Pops the last pushed segment.</summary>
    public void Pop() => _path.RemoveAt(_path.Count - 1);

    private string RenderPath()
    {
        var builder = new StringBuilder();
        foreach (var segment in _path)
        {
            _ = segment.Kind switch
            {
                SegmentKind.Index => builder.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']'),
                SegmentKind.Key => builder.Append('[').Append(segment.Name).Append(']'),
                _ => (builder.Length == 0 ? builder : builder.Append('.')).Append(segment.Name),
            };
        }

        return builder.ToString();
    }

    private enum SegmentKind
    {
        Field,
        Key,
        Index,
    }

    private readonly record struct Segment(string? Name, SegmentKind Kind, int Index = 0);
}
