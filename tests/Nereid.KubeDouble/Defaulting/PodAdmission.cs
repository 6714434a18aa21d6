using System.Text.Json.Nodes;
using Nereid.KubeDouble.Server;

namespace Nereid.KubeDouble.Defaulting;

/// <summary>
/// What the default admission chain adds to a new pod: ServiceAccount (the <c>default</c> account), Priority
/// (priority 0, PreemptLowerPriority), DefaultTolerationSeconds (not-ready/unreachable, NoExecute, 300 s),
/// and the registry's create strategy (phase Pending, QoS class).
/// </summary>
internal static class PodAdmission
{
    private const long DefaultTolerationSeconds = 300;

    public static void Apply(JsonObject pod)
    {
        if (pod["spec"] is not JsonObject spec)
        {
            return;
        }
        if (JsonIo.Str(spec["serviceAccountName"]) is not { Length: > 0 })
        {
            spec["serviceAccountName"] = JsonIo.Str(spec["serviceAccount"]) is { Length: > 0 } legacy ? legacy : "default";
        }
        // The deprecated alias mirrors the name, as the apiserver still writes it.
        spec["serviceAccount"] = JsonIo.Str(spec["serviceAccountName"]);
        if (spec["priority"] is null && JsonIo.Str(spec["priorityClassName"]) is not { Length: > 0 })
        {
            spec["priority"] = 0L;
        }
        if (spec["preemptionPolicy"] is null)
        {
            spec["preemptionPolicy"] = "PreemptLowerPriority";
        }
        AddDefaultTolerations(spec);
        pod["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = PodQos.Classify(spec) };
    }

    private static void AddDefaultTolerations(JsonObject spec)
    {
        if (spec["tolerations"] is not JsonArray tolerations)
        {
            tolerations = [];
        }
        var existing = tolerations.OfType<JsonObject>().ToList();
        foreach (var key in new[] { "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable" })
        {
            if (!existing.Any(t => ToleratesNoExecute(t, key)))
            {
                tolerations.Add(new JsonObject
                {
                    ["key"] = key,
                    ["operator"] = "Exists",
                    ["effect"] = "NoExecute",
                    ["tolerationSeconds"] = DefaultTolerationSeconds,
                });
            }
        }
        spec["tolerations"] = tolerations;
    }

    /// <summary>Whether a toleration already covers the NoExecute taint <paramref name="key"/> (then the plugin adds none).</summary>
    private static bool ToleratesNoExecute(JsonObject toleration, string key)
    {
        var effect = JsonIo.Str(toleration["effect"]) ?? "";
        if (effect is not ("" or "NoExecute"))
        {
            return false;
        }
        var tolerationKey = JsonIo.Str(toleration["key"]) ?? "";
        var op = JsonIo.Str(toleration["operator"]) ?? "Equal";
        return tolerationKey == key || (tolerationKey.Length == 0 && op == "Exists");
    }
}
