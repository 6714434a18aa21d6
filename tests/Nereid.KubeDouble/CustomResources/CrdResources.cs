using System.Text.Json.Nodes;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Server;

namespace Nereid.KubeDouble.CustomResources;

/// <summary>The served resources a CustomResourceDefinition (apiextensions.k8s.io/v1) declares: one per served version.</summary>
internal static class CrdResources
{
    public static string Group(JsonObject crd) => JsonIo.Str(crd["spec"]?["group"]) ?? "";

    public static string Plural(JsonObject crd) => JsonIo.Str(crd["spec"]?["names"]?["plural"]) ?? "";

    /// <summary>Served versions in the apiserver's preference order (the storage version first, then as listed).</summary>
    public static IEnumerable<JsonObject> ServedVersions(JsonObject crd) =>
        (crd["spec"]?["versions"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(v => v["served"]?.GetValue<bool>() == true)
            .OrderByDescending(v => v["storage"]?.GetValue<bool>() == true);

    public static IReadOnlyList<ResourceInfo> From(JsonObject crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var spec = crd["spec"]!;
        var names = spec["names"]!;
        var group = Group(crd);
        var plural = Plural(crd);
        var singular = JsonIo.Str(names["singular"]) ?? (JsonIo.Str(names["kind"]) ?? "").ToLowerInvariant();
        var kind = JsonIo.Str(names["kind"]) ?? "";
        var namespaced = JsonIo.Str(spec["scope"]) != "Cluster";
        var shortNames = Strings(names["shortNames"]);
        var categories = Strings(names["categories"]);
        var result = new List<ResourceInfo>();
        foreach (var version in ServedVersions(crd))
        {
            var subresources = new List<string>();
            if (version["subresources"]?["status"] is not null)
            {
                subresources.Add("status");
            }
            if (version["subresources"]?["scale"] is not null)
            {
                subresources.Add("scale");
            }
            result.Add(new ResourceInfo(group, JsonIo.Str(version["name"]) ?? "", plural, singular, kind, namespaced, shortNames, ResourceInfo.AllVerbs, subresources)
            {
                IsCustom = true,
                Categories = categories,
                PrinterColumns = Columns(version["additionalPrinterColumns"]),
            });
        }
        return result;
    }

    private static PrinterColumn[] Columns(JsonNode? node) =>
        node is JsonArray array
            ? [.. array.OfType<JsonObject>().Select(c => new PrinterColumn(
                JsonIo.Str(c["name"]) ?? "", JsonIo.Str(c["type"]) ?? "string", JsonIo.Str(c["jsonPath"]) ?? "",
                JsonIo.Str(c["description"]) ?? "", c["priority"] is JsonValue p ? int.Parse(p.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : 0, JsonIo.Str(c["format"]) ?? ""))]
            : [];

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(JsonIo.Str).OfType<string>()] : [];
}
