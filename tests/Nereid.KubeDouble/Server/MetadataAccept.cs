namespace Nereid.KubeDouble.Server;

/// <summary>
/// Content negotiation for metadata-only reads, as the apiserver serves client-go's metadata client and
/// controller-runtime's metadata-only watches: <c>application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1</c>
/// for a get or a watch (every event's object), <c>as=PartialObjectMetadataList</c> for a list. The first media range
/// the double can serve wins; returns the <c>meta.k8s.io</c> apiVersion to answer with, or null when an earlier range
/// (plain JSON, a Table) or none asks for metadata. Simplified: a header whose ranges all ask for a form the double
/// cannot serve gets the plain object, where the apiserver answers 406 Not Acceptable.
/// </summary>
internal static class MetadataAccept
{
    public static string? Negotiate(string? accept, bool list)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return null;
        }
        var wanted = list ? "PartialObjectMetadataList" : "PartialObjectMetadata";
        foreach (var range in accept.Split(','))
        {
            var parts = range.Split(';', StringSplitOptions.TrimEntries);
            if (parts[0].ToLowerInvariant() is not ("application/json" or "application/*" or "*/*"))
            {
                continue;
            }
            var parameters = parts.Skip(1)
                .Select(p => p.Split('=', 2, StringSplitOptions.TrimEntries))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[0].ToLowerInvariant(), p => p[1], StringComparer.Ordinal);
            if (!parameters.TryGetValue("as", out var @as))
            {
                return null;
            }
            if (@as == "Table")
            {
                return null;
            }
            if (@as == wanted && parameters.GetValueOrDefault("g") == "meta.k8s.io" && parameters.GetValueOrDefault("v") is "v1" or "v1beta1")
            {
                return "meta.k8s.io/" + parameters["v"];
            }
        }
        return null;
    }

    /// <summary>Writes <paramref name="obj"/> as a <c>PartialObjectMetadata</c> of <paramref name="apiVersion"/>: its metadata only.</summary>
    public static void WritePartial(System.Text.Json.Utf8JsonWriter writer, System.Text.Json.Nodes.JsonObject obj, string apiVersion)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", "PartialObjectMetadata");
        writer.WriteString("apiVersion", apiVersion);
        writer.WritePropertyName("metadata");
        if (obj["metadata"] is { } metadata)
        {
            metadata.WriteTo(writer);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }
}
