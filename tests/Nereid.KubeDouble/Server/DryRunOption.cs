using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Server;

/// <summary>
/// The <c>dryRun</c> write option (CreateOptions/UpdateOptions/PatchOptions/DeleteOptions): "All" is the only
/// value the apiserver knows; anything else is rejected before the body is read, as its options validation does.
/// </summary>
internal static class DryRunOption
{
    /// <summary>True for <c>dryRun=All</c>; throws 422 Invalid for any other value (the apiserver's options validation).</summary>
    public static bool Read(string verb, IEnumerable<string?> values)
    {
        var list = values.Select(v => v ?? "").ToList();
        if (list.Count == 0)
        {
            return false;
        }
        if (list.All(v => v == "All"))
        {
            return true;
        }
        var kind = verb switch
        {
            "create" => "CreateOptions",
            "update" => "UpdateOptions",
            "patch" => "PatchOptions",
            _ => "DeleteOptions",
        };
        // Go's %#v of the []string value, as field.NotSupported prints it.
        var shown = "[]string{" + string.Join(", ", list.Select(v => $"\"{v}\"")) + "}";
        var message = $"Unsupported value: {shown}: supported values: \"All\"";
        var details = new JsonObject
        {
            ["group"] = "meta.k8s.io",
            ["kind"] = kind,
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueNotSupported", ["message"] = message, ["field"] = "dryRun" }),
        };
        throw new ApiException(422, "Invalid", $"{kind}.meta.k8s.io \"\" is invalid: dryRun: {message}", details);
    }

    /// <summary>The <c>dryRun</c> list of a DeleteOptions body (kubectl delete --dry-run=server sends it there).</summary>
    public static IEnumerable<string?> FromDeleteOptions(JsonObject? options) =>
        options?["dryRun"] is JsonArray values ? values.Select(JsonIo.Str) : [];
}
