using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using YamlDotNet.RepresentationModel;

namespace Nereid.KubeDouble.Server;

/// <summary>Body parsing (JSON, or YAML for apply) and JSON responses.</summary>
public static class JsonIo
{
    public static JsonNode ParseBody(byte[] body, bool allowYaml)
    {
        var text = Encoding.UTF8.GetString(body).TrimStart('\uFEFF');
        var trimmed = text.TrimStart();
        try
        {
            if (!allowYaml || trimmed.StartsWith('{') || trimmed.StartsWith('['))
            {
                return JsonNode.Parse(text) ?? throw Errors.BadRequest("the request body is empty");
            }
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                throw Errors.BadRequest("the request body is empty");
            }
            return FromYaml(stream.Documents[0].RootNode) ?? throw Errors.BadRequest("the request body is empty");
        }
        catch (JsonException e)
        {
            throw Errors.BadRequest($"the server rejected our request due to an error in our request: {e.Message}");
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw Errors.BadRequest($"error converting YAML to JSON: {e.Message}");
        }
    }

    public static JsonObject ParseObject(byte[] body, bool allowYaml = false) =>
        ParseBody(body, allowYaml) as JsonObject ?? throw Errors.BadRequest("the request body must be a JSON object");

    private static JsonNode? FromYaml(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (k, v) in map.Children)
                {
                    obj[((YamlScalarNode)k).Value ?? ""] = FromYaml(v);
                }
                return obj;
            case YamlSequenceNode seq:
                return new JsonArray([.. seq.Children.Select(FromYaml)]);
            case YamlScalarNode s:
                var value = s.Value ?? "";
                if (s.Style is YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted
                    or YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded)
                {
                    return JsonValue.Create(value);
                }
                // YAML 1.1 core-schema resolution of plain scalars, as sigs.k8s.io/yaml does.
                return value switch
                {
                    "" or "~" or "null" or "Null" or "NULL" => null,
                    "true" or "True" or "TRUE" => JsonValue.Create(true),
                    "false" or "False" or "FALSE" => JsonValue.Create(false),
                    _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
                    _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && value.Any(char.IsAsciiDigit) && !value.Contains(' ', StringComparison.Ordinal) => JsonValue.Create(d),
                    _ => JsonValue.Create(value),
                };
            default:
                return null;
        }
    }

    public static async Task WriteAsync(HttpContext ctx, int status, JsonNode body, CancellationToken ct)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(ctx.Response.BodyWriter.AsStream());
        body.WriteTo(writer);
        await writer.FlushAsync(ct);
    }

    public static async Task WriteBytesAsync(HttpContext ctx, int status, byte[] body, CancellationToken ct)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.Body.WriteAsync(body, ct);
    }

    /// <summary>Forces lazily-parsed nodes to materialize so stored objects can be read from many threads.</summary>
    public static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, v) in o)
                {
                    Materialize(v);
                }
                break;
            case JsonArray a:
                foreach (var v in a)
                {
                    Materialize(v);
                }
                break;
        }
    }

    public static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
