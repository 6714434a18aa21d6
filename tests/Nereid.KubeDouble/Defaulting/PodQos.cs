using System.Text.Json.Nodes;
using Nereid.KubeDouble.Server;

namespace Nereid.KubeDouble.Defaulting;

/// <summary>The pod QoS class the create strategy records (Guaranteed, Burstable, BestEffort) from cpu and memory only.</summary>
internal static class PodQos
{
    private static readonly string[] Tracked = ["cpu", "memory"];

    public static string Classify(JsonObject spec)
    {
        var containers = new[] { "initContainers", "containers" }
            .SelectMany(list => (spec[list] as JsonArray ?? []).OfType<JsonObject>())
            .ToList();
        var any = false;
        var guaranteed = true;
        foreach (var c in containers)
        {
            var requests = c["resources"]?["requests"] as JsonObject;
            var limits = c["resources"]?["limits"] as JsonObject;
            foreach (var name in Tracked)
            {
                var request = JsonIo.Str(requests?[name]) ?? requests?[name]?.ToJsonString();
                var limit = JsonIo.Str(limits?[name]) ?? limits?[name]?.ToJsonString();
                any |= request is not null || limit is not null;
                if (limit is null || (request is not null && !SameQuantity(request, limit)))
                {
                    guaranteed = false;
                }
            }
        }
        return !any ? "BestEffort" : guaranteed && containers.Count > 0 ? "Guaranteed" : "Burstable";
    }

    private static bool SameQuantity(string a, string b) =>
        a == b || (Quantity.TryParse(a, out var x) && Quantity.TryParse(b, out var y) && x == y);
}
