using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nereid.Server.FunctionalTests.Clusters;

/// <summary>Reads multi-document YAML manifests as JSON (plain scalars become numbers/booleans, as kubectl does).</summary>
public static partial class YamlJson
{
    public static List<JsonObject> Documents(string path)
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(path);
        stream.Load(reader);
        return [.. stream.Documents.Where(d => d.RootNode is YamlMappingNode).Select(d => Convert(d.RootNode)!.AsObject())];
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value)))),
        YamlSequenceNode s => new JsonArray([.. s.Children.Select(Convert)]),
        YamlScalarNode { Style: ScalarStyle.Plain } p => Plain(p.Value ?? ""),
        YamlScalarNode q => JsonValue.Create(q.Value ?? ""),
        _ => null,
    };

    private static JsonNode? Plain(string v) =>
        v is "true" or "false" ? JsonValue.Create(v == "true")
        : v is "null" or "~" or "" ? null
        : Integer().IsMatch(v) ? JsonValue.Create(long.Parse(v, CultureInfo.InvariantCulture))
        : JsonValue.Create(v);

    [GeneratedRegex("^-?[0-9]+$")]
    private static partial Regex Integer();
}
