using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tests.Tables;

/// <summary>Nodes and pods as kubelets and controllers leave them (with status), for seeding the double.</summary>
internal static class TableObjects
{
    public static JsonObject Node(string name, bool ready, bool unschedulable = false, string[]? roles = null, string? internalIp = null,
        string? externalIp = null)
    {
        var labels = new JsonObject { ["kubernetes.io/hostname"] = name };
        foreach (var role in roles ?? [])
        {
            labels["node-role.kubernetes.io/" + role] = "";
        }
        var addresses = new JsonArray();
        if (internalIp is not null)
        {
            addresses.Add(new JsonObject { ["type"] = "InternalIP", ["address"] = internalIp });
        }
        if (externalIp is not null)
        {
            addresses.Add(new JsonObject { ["type"] = "ExternalIP", ["address"] = externalIp });
        }
        addresses.Add(new JsonObject { ["type"] = "Hostname", ["address"] = name });
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            ["spec"] = new JsonObject { ["unschedulable"] = unschedulable },
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(
                    new JsonObject { ["type"] = "MemoryPressure", ["status"] = "False" },
                    new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
                ["addresses"] = addresses,
                ["nodeInfo"] = new JsonObject
                {
                    ["kubeletVersion"] = "v1.35.0", ["osImage"] = "Ubuntu 24.04.1 LTS", ["kernelVersion"] = "6.8.0-45-generic",
                    ["containerRuntimeVersion"] = "containerd://1.7.22", ["architecture"] = "amd64", ["operatingSystem"] = "linux",
                    ["machineID"] = "m", ["systemUUID"] = "s", ["bootID"] = "b", ["kubeProxyVersion"] = "",
                },
            },
        };
    }

    /// <summary>A running single-container pod with <paramref name="restarts"/> restarts, the last one finished at <paramref name="lastRestart"/>.</summary>
    public static JsonObject RunningPod(string ns, string name, string node, string ip, int restarts, DateTimeOffset lastRestart)
    {
        var containerStatus = new JsonObject
        {
            ["name"] = "main", ["image"] = "busybox:1.36", ["imageID"] = "", ["ready"] = true, ["restartCount"] = restarts, ["started"] = true,
            ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Stamp(lastRestart) } },
        };
        if (restarts > 0)
        {
            containerStatus["lastState"] = new JsonObject
            {
                ["terminated"] = new JsonObject { ["exitCode"] = 1, ["reason"] = "Error", ["startedAt"] = Stamp(lastRestart.AddMinutes(-1)), ["finishedAt"] = Stamp(lastRestart) },
            };
        }
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject { ["nodeName"] = node, ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "busybox:1.36" }) },
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["podIP"] = ip,
                ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip }),
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
                ["containerStatuses"] = new JsonArray(containerStatus),
            },
        };
    }

    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
