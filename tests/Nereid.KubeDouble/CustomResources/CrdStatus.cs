using System.Text.Json.Nodes;
using Nereid.KubeDouble.Apply;

namespace Nereid.KubeDouble.CustomResources;

/// <summary>
/// What the apiextensions controllers write on a definition they accepted: <c>acceptedNames</c>, the
/// <c>NamesAccepted</c> and <c>Established</c> conditions, and <c>storedVersions</c>. The double accepts at once.
/// </summary>
internal static class CrdStatus
{
    public static JsonObject Accepted(JsonObject crd, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var time = ManagedFields.Timestamp(now);
        var stored = (crd["spec"]?["versions"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(v => v["storage"]?.GetValue<bool>() == true)
            .Select(v => (JsonNode)v["name"]!.GetValue<string>());
        return new JsonObject
        {
            ["acceptedNames"] = crd["spec"]?["names"]?.DeepClone(),
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", time),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", time)),
            ["storedVersions"] = new JsonArray([.. stored]),
        };
    }

    private static JsonObject Condition(string type, string reason, string message, string time) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = time,
        ["reason"] = reason,
        ["message"] = message,
    };
}
