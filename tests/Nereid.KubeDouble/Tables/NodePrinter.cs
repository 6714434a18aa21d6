using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tables;

/// <summary>
/// <c>kubectl get nodes</c>: STATUS from the Ready condition (Ready/NotReady/Unknown, plus SchedulingDisabled when cordoned),
/// ROLES from <c>node-role.kubernetes.io/&lt;role&gt;</c> and <c>kubernetes.io/role</c> labels, VERSION from the kubelet;
/// wide adds the first InternalIP/ExternalIP and the node's OS image, kernel and container runtime.
/// </summary>
internal static class NodePrinter
{
    private const string RolePrefix = "node-role.kubernetes.io/";

    public static Printer Create() => new(
    [
        Printer.NameColumn,
        new Column("Status", "string", "The status of the node"),
        new Column("Roles", "string", "The roles of the node"),
        Printer.AgeColumn,
        new Column("Version", "string", "Kubelet Version reported by the node."),
        new Column("Internal-IP", "string", "List of addresses reachable to the node. Queried from cloud provider, if available.", Priority: 1),
        new Column("External-IP", "string", "List of addresses reachable to the node. Queried from cloud provider, if available.", Priority: 1),
        new Column("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", Priority: 1),
        new Column("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", Priority: 1),
        new Column("Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", Priority: 1),
    ], Cells);

    private static JsonNode?[] Cells(JsonObject node, DateTimeOffset now)
    {
        var info = node["status"]?["nodeInfo"];
        return
        [
            Printer.Name(node), Status(node), Roles(node), Printer.Age(node, now), Printer.Str(info?["kubeletVersion"]) ?? "",
            Address(node, "InternalIP"), Address(node, "ExternalIP"),
            Unknown(Printer.Str(info?["osImage"])), Unknown(Printer.Str(info?["kernelVersion"])), Unknown(Printer.Str(info?["containerRuntimeVersion"])),
        ];
    }

    private static string Status(JsonObject node)
    {
        var parts = new List<string>();
        var ready = (node["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .LastOrDefault(c => Printer.Str(c["type"]) == "Ready");
        parts.Add(ready is null ? "Unknown" : Printer.Str(ready["status"]) == "True" ? "Ready" : "NotReady");
        if (node["spec"]?["unschedulable"] is JsonValue v && v.TryGetValue<bool>(out var unschedulable) && unschedulable)
        {
            parts.Add("SchedulingDisabled");
        }
        return string.Join(',', parts);
    }

    private static string Roles(JsonObject node)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in node["metadata"]?["labels"] as JsonObject ?? [])
        {
            if (key.StartsWith(RolePrefix, StringComparison.Ordinal) && key.Length > RolePrefix.Length)
            {
                roles.Add(key[RolePrefix.Length..]);
            }
            else if (key == "kubernetes.io/role" && Printer.Str(value) is { Length: > 0 } role)
            {
                roles.Add(role);
            }
        }
        return roles.Count == 0 ? "<none>" : string.Join(',', roles);
    }

    private static string Address(JsonObject node, string type) =>
        Printer.OrNone((node["status"]?["addresses"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(a => Printer.Str(a["type"]) == type).Select(a => Printer.Str(a["address"])).FirstOrDefault());

    private static string Unknown(string? value) => string.IsNullOrEmpty(value) ? "<unknown>" : value;
}
