using System.Buffers;
using System.Net;
using System.Text.Json;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;

namespace Nereid.Kubernetes.Watch;

/// <summary>
/// Decodes one watch line in a single pass: the apiserver writes <c>type</c> before <c>object</c>, so the object is
/// deserialized straight from the reader (no intermediate JsonDocument, which cost a second walk and a copy of every
/// event). A line with <c>object</c> first, or an ERROR, takes the document path.
/// </summary>
internal static class WatchEventParser
{
    public static WatchEvent<T>? Parse<T>(ReadOnlySequence<byte> line)
        where T : KubeObject
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read())
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A watch event must be a JSON object.");
        }
        WatchEventType? type = null;
        T? obj = null;
        var sawObject = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = TypeOf(reader.GetString());
            }
            else if (reader.ValueTextEquals("object"u8) && type is not null and not WatchEventType.Error)
            {
                reader.Read();
                obj = reader.TokenType == JsonTokenType.Null ? null : JsonSerializer.Deserialize(ref reader, KubeJson.TypeInfo<T>());
                sawObject = true;
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                return ParseDocument<T>(line);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (type is null)
        {
            throw new JsonException("Unknown watch event type ''.");
        }
        return type == WatchEventType.Error ? ParseDocument<T>(line) : new WatchEvent<T>(type.Value, sawObject ? obj : null);
    }

    /// <summary>The general path: any property order, and ERROR events (whose object is a Status).</summary>
    private static WatchEvent<T> ParseDocument<T>(ReadOnlySequence<byte> line)
        where T : KubeObject
    {
        var reader = new Utf8JsonReader(line);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        var type = TypeOf(root.TryGetProperty("type", out var t) ? t.GetString() : null);
        root.TryGetProperty("object", out var obj);
        if (type == WatchEventType.Error)
        {
            var status = obj.ValueKind == JsonValueKind.Object ? obj.Deserialize(KubeJson.TypeInfo<Status>()) ?? new Status() : new Status();
            var code = (HttpStatusCode)(status.Code ?? 500);
            throw code == HttpStatusCode.Gone || status.Reason is "Expired" or "Gone"
                ? new WatchExpiredException(status)
                : new KubeApiException(code, status);
        }
        return new WatchEvent<T>(type, obj.ValueKind == JsonValueKind.Undefined ? null : obj.Deserialize(KubeJson.TypeInfo<T>()));
    }

    private static WatchEventType TypeOf(string? text) => text switch
    {
        "ADDED" => WatchEventType.Added,
        "MODIFIED" => WatchEventType.Modified,
        "DELETED" => WatchEventType.Deleted,
        "BOOKMARK" => WatchEventType.Bookmark,
        "ERROR" => WatchEventType.Error,
        _ => throw new JsonException($"Unknown watch event type '{text}'."),
    };
}
