using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.KubeDouble.Storage;
using Nereid.KubeDouble.Tables;

namespace Nereid.KubeDouble.Server;

public sealed partial class ApiHandler
{
    private Task GetAsync(ApiRequest request, CancellationToken ct)
    {
        var obj = _store.Get(request.Resource, request.Namespace ?? "", request.Name!) ?? throw Errors.NotFound(request.Resource, request.Name!);
        if (MetadataAccept.Negotiate(request.Http.Request.Headers.Accept.ToString(), list: false) is { } metaVersion)
        {
            return WritePartialAsync(request.Http, obj, metaVersion, ct);
        }
        if (TableAccept.Negotiate(request.Http.Request.Headers.Accept.ToString()) is { } tableVersion)
        {
            var table = TableBuilder.Build(request.Resource, tableVersion, [obj], JsonIo.Str(obj["metadata"]?["resourceVersion"]), null, request.Query("includeObject"), Now);
            return JsonIo.WriteAsync(request.Http, 200, table, ct);
        }
        return JsonIo.WriteAsync(request.Http, 200, obj, ct);
    }

    private async Task ListAsync(ApiRequest request, CancellationToken ct)
    {
        var r = request.Resource;
        var labels = LabelSelector.Parse(request.Query("labelSelector"));
        var fields = FieldSelector.Parse(request.Query("fieldSelector"), r);
        var limit = int.TryParse(request.Query("limit"), out var l) && l > 0 ? l : int.MaxValue;
        var (revision, items) = _store.List(r, request.Namespace);
        string? startAfter = null;
        if (request.Query("continue") is { Length: > 0 } token)
        {
            (var tokenRevision, startAfter) = DecodeContinue(token);
            if (_store.IsCompacted(tokenRevision))
            {
                throw Errors.Expired("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");
            }
            // Simplification: later pages are read from the current state (after the last key), not from a snapshot
            // at the first page's revision; the page still reports the first page's resourceVersion.
            revision = tokenRevision;
        }
        var page = new List<JsonObject>();
        string? next = null;
        foreach (var (key, obj) in items)
        {
            if (startAfter is not null && string.CompareOrdinal(key, startAfter) <= 0)
            {
                continue;
            }
            if (!labels.Matches(obj) || !fields.Matches(obj))
            {
                continue;
            }
            if (page.Count == limit)
            {
                next = EncodeContinue(revision, ObjectStore.Key(JsonIo.Str(page[^1]["metadata"]?["namespace"]) ?? "", JsonIo.Str(page[^1]["metadata"]?["name"])!));
                break;
            }
            page.Add(obj);
        }

        var ctx = request.Http;
        if (TableAccept.Negotiate(ctx.Request.Headers.Accept.ToString()) is { } tableVersion)
        {
            var table = TableBuilder.Build(r, tableVersion, page, revision.ToString(CultureInfo.InvariantCulture), next, request.Query("includeObject"), Now);
            await JsonIo.WriteAsync(ctx, 200, table, ct);
            return;
        }
        var metaVersion = MetadataAccept.Negotiate(ctx.Request.Headers.Accept.ToString(), list: true);
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(ctx.Response.BodyWriter.AsStream());
        writer.WriteStartObject();
        writer.WriteString("kind", metaVersion is null ? r.Kind + "List" : "PartialObjectMetadataList");
        writer.WriteString("apiVersion", metaVersion ?? r.ApiVersion);
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", revision.ToString(CultureInfo.InvariantCulture));
        if (next is not null)
        {
            writer.WriteString("continue", next);
        }
        writer.WriteEndObject();
        writer.WriteStartArray("items");
        foreach (var obj in page)
        {
            if (metaVersion is null)
            {
                obj.WriteTo(writer);
            }
            else
            {
                MetadataAccept.WritePartial(writer, obj, metaVersion);
            }
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(ct);
    }

    private static async Task WritePartialAsync(Microsoft.AspNetCore.Http.HttpContext ctx, JsonObject obj, string apiVersion, CancellationToken ct)
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(ctx.Response.BodyWriter.AsStream());
        MetadataAccept.WritePartial(writer, obj, apiVersion);
        await writer.FlushAsync(ct);
    }

    private static string EncodeContinue(long revision, string lastKey)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = revision, ["start"] = lastKey }.ToJsonString();
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    private static (long Revision, string LastKey) DecodeContinue(string token)
    {
        try
        {
            var node = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)))!;
            return (node["rv"]!.GetValue<long>(), node["start"]!.GetValue<string>());
        }
        catch (Exception e) when (e is FormatException or JsonException or NullReferenceException or InvalidOperationException)
        {
            throw Errors.BadRequest($"continue key is not valid: {e.Message}");
        }
    }
}
