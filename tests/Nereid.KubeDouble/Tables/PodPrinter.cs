using System.Globalization;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tables;

/// <summary>
/// <c>kubectl get pods</c>: READY ready/total containers, STATUS the phase or the most telling container or init-container
/// reason (Terminating once deleting), RESTARTS with the time since the last one; wide adds IP, NODE, NOMINATED NODE and
/// READINESS GATES.
/// </summary>
internal static class PodPrinter
{
    public static Printer Create() => new(
    [
        Printer.NameColumn,
        new Column("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
        new Column("Status", "string", "The aggregate status of the containers in this pod."),
        new Column("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        Printer.AgeColumn,
        new Column("IP", "string", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", Priority: 1),
        new Column("Node", "string", "NodeName indicates in which node this pod is scheduled.", Priority: 1),
        new Column("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods on the node.", Priority: 1),
        new Column("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness.", Priority: 1),
    ], Cells);

    private static JsonNode?[] Cells(JsonObject pod, DateTimeOffset now)
    {
        var spec = pod["spec"];
        var status = pod["status"];
        var containers = (spec?["containers"] as JsonArray ?? []).Count;
        var statuses = (status?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var reason = Printer.Str(status?["reason"]) is { Length: > 0 } r ? r : Printer.Str(status?["phase"]) ?? "";
        var restarts = 0L;
        DateTimeOffset? lastRestart = null;
        var ready = 0;
        var initializing = InitReason(pod, ref reason);
        if (!initializing)
        {
            var hasRunning = false;
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var c = statuses[i];
                restarts += Long(c["restartCount"]);
                if (Timestamp(c["lastState"]?["terminated"]?["finishedAt"]) is { } finished && (lastRestart is null || finished > lastRestart))
                {
                    lastRestart = finished;
                }
                var state = c["state"];
                if (Printer.Str(state?["waiting"]?["reason"]) is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (state?["terminated"] is JsonObject terminated)
                {
                    reason = Printer.Str(terminated["reason"]) is { Length: > 0 } t ? t
                        : Long(terminated["signal"]) != 0 ? $"Signal:{Long(terminated["signal"])}" : $"ExitCode:{Long(terminated["exitCode"])}";
                }
                else if (c["ready"] is JsonValue rv && rv.TryGetValue<bool>(out var isReady) && isReady && state?["running"] is not null)
                {
                    hasRunning = true;
                    ready++;
                }
            }
            if (reason == "Completed" && hasRunning)
            {
                reason = Condition(pod, "Ready") == "True" ? "Running" : "NotReady";
            }
        }
        if (pod["metadata"]?["deletionTimestamp"] is not null)
        {
            reason = Printer.Str(status?["reason"]) == "NodeLost" ? "Unknown" : "Terminating";
        }
        var restartText = restarts != 0 && lastRestart is { } last
            ? string.Create(CultureInfo.InvariantCulture, $"{restarts} ({HumanDuration.Format(now - last)} ago)")
            : restarts.ToString(CultureInfo.InvariantCulture);
        var podIp = (status?["podIPs"] as JsonArray)?.OfType<JsonObject>().Select(p => Printer.Str(p["ip"])).FirstOrDefault() ?? Printer.Str(status?["podIP"]);
        return
        [
            Printer.Name(pod), string.Create(CultureInfo.InvariantCulture, $"{ready}/{containers}"), reason, restartText, Printer.Age(pod, now),
            Printer.OrNone(podIp), Printer.OrNone(Printer.Str(spec?["nodeName"])), Printer.OrNone(Printer.Str(status?["nominatedNodeName"])), ReadinessGates(pod),
        ];
    }

    /// <summary>The init-container part of printPod: true while initialising, with the Init:… reason.</summary>
    private static bool InitReason(JsonObject pod, ref string reason)
    {
        var initStatuses = (pod["status"]?["initContainerStatuses"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var initCount = (pod["spec"]?["initContainers"] as JsonArray ?? []).Count;
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var state = initStatuses[i]["state"];
            if (state?["terminated"] is JsonObject done && Long(done["exitCode"]) == 0)
            {
                continue;
            }
            if (state?["terminated"] is JsonObject failed)
            {
                reason = Printer.Str(failed["reason"]) is { Length: > 0 } fr ? "Init:" + fr
                    : Long(failed["signal"]) != 0 ? $"Init:Signal:{Long(failed["signal"])}" : $"Init:ExitCode:{Long(failed["exitCode"])}";
            }
            else if (Printer.Str(state?["waiting"]?["reason"]) is { Length: > 0 } waiting && waiting != "PodInitializing")
            {
                reason = "Init:" + waiting;
            }
            else
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"Init:{i}/{initCount}");
            }
            return Condition(pod, "Initialized") != "True";
        }
        return false;
    }

    private static string ReadinessGates(JsonObject pod)
    {
        var gates = (pod["spec"]?["readinessGates"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (gates.Count == 0)
        {
            return "<none>";
        }
        var met = gates.Count(g => Condition(pod, Printer.Str(g["conditionType"]) ?? "") == "True");
        return string.Create(CultureInfo.InvariantCulture, $"{met}/{gates.Count}");
    }

    private static string? Condition(JsonObject pod, string type) =>
        (pod["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(c => Printer.Str(c["type"]) == type).Select(c => Printer.Str(c["status"])).FirstOrDefault();

    private static long Long(JsonNode? node) => Printer.Long(node);

    private static DateTimeOffset? Timestamp(JsonNode? node) =>
        DateTimeOffset.TryParse(Printer.Str(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
