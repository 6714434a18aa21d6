using System.Text;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Server;

/// <summary>
/// Decodes the few protobuf request bodies kubectl 1.32 sends through its typed clients
/// (<c>application/vnd.kubernetes.protobuf</c>: "k8s\0" + runtime.Unknown). Only the fields the double needs are
/// mapped: access reviews (kubectl auth can-i) and Namespace metadata (kubectl create ns). Other kinds get 415.
/// Responses are JSON, which the same clients accept.
/// </summary>
public static class ProtobufBodies
{
    private sealed record Field(string Name, string Type, Dictionary<int, Field>? Message = null);

    private static readonly Dictionary<int, Field> ObjectMeta = new()
    {
        [1] = new("name", "string"), [2] = new("generateName", "string"), [3] = new("namespace", "string"),
        [11] = new("labels", "map"), [12] = new("annotations", "map"), [14] = new("finalizers", "strings"),
    };

    private static readonly Dictionary<int, Field> ResourceAttributes = new()
    {
        [1] = new("namespace", "string"), [2] = new("verb", "string"), [3] = new("group", "string"), [4] = new("version", "string"),
        [5] = new("resource", "string"), [6] = new("subresource", "string"), [7] = new("name", "string"),
    };

    private static readonly Dictionary<int, Field> NonResourceAttributes = new() { [1] = new("path", "string"), [2] = new("verb", "string") };

    private static readonly Dictionary<int, Field> ReviewSpec = new()
    {
        [1] = new("resourceAttributes", "message", ResourceAttributes), [2] = new("nonResourceAttributes", "message", NonResourceAttributes),
        [3] = new("user", "string"), [4] = new("groups", "strings"), [6] = new("uid", "string"),
    };

    private static readonly Dictionary<int, Field> Review = new() { [1] = new("metadata", "message", ObjectMeta), [2] = new("spec", "message", ReviewSpec) };

    private static readonly Dictionary<int, Field> Namespace = new() { [1] = new("metadata", "message", ObjectMeta) };

    private static readonly Dictionary<int, Field> TypeMeta = new() { [1] = new("apiVersion", "string"), [2] = new("kind", "string") };

    public static byte[] ToJson(byte[] body)
    {
        if (body.Length < 4 || body[0] != 'k' || body[1] != '8' || body[2] != 's' || body[3] != 0)
        {
            throw Errors.BadRequest("protobuf body without the k8s envelope");
        }
        JsonObject? typeMeta = null;
        byte[]? raw = null;
        foreach (var (number, payload) in Fields(body.AsMemory(4)))
        {
            if (number == 1) typeMeta = Decode(payload.Span, TypeMeta);
            if (number == 2) raw = payload.ToArray();
        }
        var kind = JsonIo.Str(typeMeta?["kind"]);
        var schema = kind switch
        {
            "SelfSubjectAccessReview" or "SubjectAccessReview" or "LocalSubjectAccessReview" => Review,
            "Namespace" => Namespace,
            _ => throw Errors.UnsupportedMediaType("application/vnd.kubernetes.protobuf"),
        };
        var obj = Decode(raw ?? [], schema);
        obj["apiVersion"] = typeMeta!["apiVersion"]!.DeepClone();
        obj["kind"] = kind;
        return Encoding.UTF8.GetBytes(obj.ToJsonString());
    }

    private static JsonObject Decode(ReadOnlySpan<byte> data, Dictionary<int, Field> schema)
    {
        var obj = new JsonObject();
        foreach (var (number, payload) in Fields(data.ToArray()))
        {
            if (!schema.TryGetValue(number, out var field))
            {
                continue;
            }
            switch (field.Type)
            {
                case "string":
                    obj[field.Name] = Encoding.UTF8.GetString(payload.Span);
                    break;
                case "strings":
                    (obj[field.Name] ??= new JsonArray()).AsArray().Add(Encoding.UTF8.GetString(payload.Span));
                    break;
                case "map":
                    var entry = Decode(payload.Span, new() { [1] = new("k", "string"), [2] = new("v", "string") });
                    (obj[field.Name] ??= new JsonObject()).AsObject()[JsonIo.Str(entry["k"]) ?? ""] = JsonIo.Str(entry["v"]) ?? "";
                    break;
                case "message":
                    obj[field.Name] = Decode(payload.Span, field.Message!);
                    break;
            }
        }
        return obj;
    }

    /// <summary>Length-delimited fields of a message; varint/fixed fields are skipped (none are mapped).</summary>
    private static List<(int Number, ReadOnlyMemory<byte> Payload)> Fields(ReadOnlyMemory<byte> data)
    {
        var result = new List<(int, ReadOnlyMemory<byte>)>();
        var span = data.Span;
        var i = 0;
        while (i < span.Length)
        {
            var tag = ReadVarint(span, ref i);
            var number = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0: ReadVarint(span, ref i); break;
                case 1: i += 8; break;
                case 5: i += 4; break;
                case 2:
                    var length = (int)ReadVarint(span, ref i);
                    result.Add((number, data.Slice(i, length)));
                    i += length;
                    break;
                default: throw Errors.BadRequest("malformed protobuf body");
            }
        }
        return result;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = span[i++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw Errors.BadRequest("malformed protobuf varint");
    }
}
