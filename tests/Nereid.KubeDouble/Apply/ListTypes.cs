using System.Text.Json.Nodes;
using Nereid.KubeDouble.Schema;

namespace Nereid.KubeDouble.Apply;

/// <summary>
/// How a list merges. As the real apiserver, from the kind's OpenAPI schema: <c>x-kubernetes-list-type</c> /
/// <c>x-kubernetes-list-map-keys</c> for server-side apply and managed fields (no list type means atomic), and
/// <c>x-kubernetes-patch-strategy</c> / <c>x-kubernetes-patch-merge-key</c> for strategic merge patch. Kinds without a
/// loaded schema fall back to a table of the common built-in lists, by field name and context (simplification).
/// </summary>
public static class ListTypes
{
    private static readonly Lazy<OpenApiSchemaValidator?> Schemas = new(() =>
    {
        try
        {
            return OpenApiSchemaValidator.LoadDefault();
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or InvalidOperationException)
        {
            return null;
        }
    });

    /// <summary>Merge keys of an associative list, an empty array for a set, null for an atomic list (by field name only).</summary>
    public static string[]? KeysFor(string field, string? parentField) => KeysFor(null, field, parentField);

    /// <summary>The schema of <paramref name="obj"/>'s kind (by its apiVersion and kind), or null.</summary>
    internal static SchemaNode? RootOf(JsonObject? obj)
    {
        var apiVersion = obj?["apiVersion"] is JsonValue v && v.TryGetValue<string>(out var a) ? a : null;
        var kind = obj?["kind"] is JsonValue k && k.TryGetValue<string>(out var n) ? n : null;
        return Schemas.Value?.RootFor(apiVersion, kind);
    }

    /// <summary>Server-side apply: keys of a map list, empty for a set, null for an atomic list.</summary>
    internal static string[]? KeysFor(SchemaNode? list, string field, string? parentField) => list is { Type: SchemaType.Array }
        ? list.ListType switch
        {
            "map" => list.ListMapKeys ?? [],
            "set" => [],
            _ => null,
        }
        : Table(field, parentField);

    /// <summary>Strategic merge patch: the merge key of a merged list, empty for a merged primitive list, null when replaced.</summary>
    internal static string[]? PatchKeysFor(SchemaNode? list, string field, string? parentField) => list is { Type: SchemaType.Array }
        ? list.PatchStrategy?.Split(',').Contains("merge") == true ? (list.PatchMergeKey is { } key ? [key] : []) : null
        : Table(field, parentField);

    private static string[]? Table(string field, string? parentField) => field switch
    {
        "containers" or "initContainers" or "ephemeralContainers" or "env" or "volumes" or "imagePullSecrets"
            or "resourceClaims" or "schedulingGates" => ["name"],
        "ports" when parentField is "containers" or "initContainers" or "ephemeralContainers" => ["containerPort", "protocol"],
        "ports" when parentField is "spec" => ["port", "protocol"],
        "volumeMounts" => ["mountPath"],
        "volumeDevices" => ["devicePath"],
        "ownerReferences" => ["uid"],
        "conditions" => ["type"],
        "hostAliases" => ["ip"],
        "topologySpreadConstraints" => ["topologyKey", "whenUnsatisfiable"],
        "finalizers" => [],
        _ => null,
    };
}
