using System.Text.Json.Nodes;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Server;

namespace Nereid.KubeDouble.CustomResources;

/// <summary>The apiextensions validation the double repeats: a definition's name is its plural and group, and it serves something.</summary>
internal static class CrdRules
{
    public static void Validate(ResourceInfo r, JsonObject crd)
    {
        var name = JsonIo.Str(crd["metadata"]?["name"]) ?? "";
        var expected = $"{CrdResources.Plural(crd)}.{CrdResources.Group(crd)}";
        if (name != expected)
        {
            throw Errors.Invalid(r, name, [new Errors.Cause("FieldValueInvalid", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group", "metadata.name")]);
        }
        var versions = crd["spec"]?["versions"] as JsonArray ?? [];
        if (versions.OfType<JsonObject>().Count(v => v["storage"]?.GetValue<bool>() == true) != 1)
        {
            throw Errors.Invalid(r, name, [new Errors.Cause("FieldValueInvalid", "Invalid value: " + versions.ToJsonString() + ": must have exactly one version marked as storage version", "spec.versions")]);
        }
    }
}
