using System.Globalization;
using System.Text.Json.Nodes;
using Nereid.KubeDouble.Discovery;

namespace Nereid.KubeDouble.Tables;

/// <summary>
/// The table printers of the served kinds, after kubernetes <c>pkg/printers/internalversion/printers.go</c>; a kind
/// without one gets the apiserver's default table (Name, Created At), as Roles, ClusterRoles and LimitRanges do there.
/// </summary>
internal static class Printers
{
    private const string CreatedAtDescription = "CreationTimestamp is a timestamp representing the server time when this object was created.";

    private static readonly Printer DefaultPrinter = new(
        [Printer.NameColumn, new Column("Created At", "date", CreatedAtDescription)],
        (o, _) => [Printer.Name(o), Printer.Str(o["metadata"]?["creationTimestamp"])]);

    private static readonly Dictionary<string, Printer> ByResource = new(StringComparer.Ordinal)
    {
        ["nodes"] = NodePrinter.Create(),
        ["pods"] = PodPrinter.Create(),
        ["namespaces"] = new(
            [Printer.NameColumn, new Column("Status", "string", "The status of the namespace"), Printer.AgeColumn],
            (o, now) => [Printer.Name(o), Printer.Str(o["status"]?["phase"]) ?? "", Printer.Age(o, now)]),
        ["configmaps"] = new(
            [Printer.NameColumn, new Column("Data", "string", "Data contains the configuration data."), Printer.AgeColumn],
            (o, now) => [Printer.Name(o), Count(o["data"]) + Count(o["binaryData"]), Printer.Age(o, now)]),
        ["secrets"] = new(
            [Printer.NameColumn, new Column("Type", "string", "Used to facilitate programmatic handling of secret data."),
                new Column("Data", "string", "Data contains the secret data."), Printer.AgeColumn],
            (o, now) => [Printer.Name(o), Printer.Str(o["type"]) ?? "", Count(o["data"]), Printer.Age(o, now)]),
        ["serviceaccounts"] = new(
            [Printer.NameColumn, new Column("Secrets", "string", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."), Printer.AgeColumn],
            (o, now) => [Printer.Name(o), Count(o["secrets"]), Printer.Age(o, now)]),
        ["services"] = new(
            [Printer.NameColumn, new Column("Type", "string", "type determines how the Service is exposed."),
                new Column("Cluster-IP", "string", "clusterIP is the IP address of the service."),
                new Column("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
                new Column("Port(s)", "string", "The list of ports that are exposed by this service."), Printer.AgeColumn,
                new Column("Selector", "string", "Route service traffic to pods with label keys and values matching this selector.", Priority: 1)],
            Service),
        ["rolebindings.rbac.authorization.k8s.io"] = Binding(),
        ["clusterrolebindings.rbac.authorization.k8s.io"] = Binding(),
        ["leases.coordination.k8s.io"] = new(
            [Printer.NameColumn, new Column("Holder", "string", "holderIdentity contains the identity of the holder of a current lease."), Printer.AgeColumn],
            (o, now) => [Printer.Name(o), Printer.Str(o["spec"]?["holderIdentity"]) ?? "", Printer.Age(o, now)]),
        ["networkpolicies.networking.k8s.io"] = new(
            [Printer.NameColumn, new Column("Pod-Selector", "string", "podSelector selects the pods to which this NetworkPolicy object applies."), Printer.AgeColumn],
            (o, now) => [Printer.Name(o), Selector(o["spec"]?["podSelector"]?["matchLabels"]), Printer.Age(o, now)]),
    };

    public static Printer For(ResourceInfo r) =>
        r.IsCustom ? CustomResourcePrinter.For(r) : ByResource.GetValueOrDefault(r.StorageKey) ?? DefaultPrinter;

    private static Printer Binding() => new(
        [Printer.NameColumn, new Column("Role", "string", "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace."), Printer.AgeColumn,
            new Column("Users", "string", "Users in the roleBinding", Priority: 1),
            new Column("Groups", "string", "Groups in the roleBinding", Priority: 1),
            new Column("ServiceAccounts", "string", "ServiceAccounts in the roleBinding", Priority: 1)],
        (o, now) =>
        {
            var subjects = (o["subjects"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            string Of(string kind, bool withNamespace) => string.Join(", ", subjects.Where(s => Printer.Str(s["kind"]) == kind)
                .Select(s => withNamespace ? $"{Printer.Str(s["namespace"])}/{Printer.Str(s["name"])}" : Printer.Str(s["name"])));
            var role = $"{Printer.Str(o["roleRef"]?["kind"])}/{Printer.Str(o["roleRef"]?["name"])}";
            return [Printer.Name(o), role, Printer.Age(o, now), Of("User", false), Of("Group", false), Of("ServiceAccount", true)];
        });

    private static JsonNode?[] Service(JsonObject o, DateTimeOffset now)
    {
        var spec = o["spec"];
        var type = Printer.Str(spec?["type"]) ?? "ClusterIP";
        var clusterIp = (spec?["clusterIPs"] as JsonArray)?.Select(Printer.Str).FirstOrDefault() ?? Printer.Str(spec?["clusterIP"]);
        var externalIps = (spec?["externalIPs"] as JsonArray ?? []).Select(Printer.Str).ToList();
        var external = type switch
        {
            "ClusterIP" or "NodePort" => externalIps.Count > 0 ? string.Join(',', externalIps) : "<none>",
            "LoadBalancer" => externalIps.Count > 0 ? string.Join(',', externalIps) : "<pending>",
            "ExternalName" => Printer.Str(spec?["externalName"]) ?? "",
            _ => "<unknown>",
        };
        var ports = string.Join(',', (spec?["ports"] as JsonArray ?? []).OfType<JsonObject>().Select(p =>
        {
            var port = p["port"]?.ToJsonString();
            var protocol = Printer.Str(p["protocol"]) ?? "TCP";
            var nodePort = Printer.Long(p["nodePort"]);
            return nodePort > 0 ? $"{port}:{nodePort.ToString(CultureInfo.InvariantCulture)}/{protocol}" : $"{port}/{protocol}";
        }));
        return [Printer.Name(o), type, Printer.OrNone(clusterIp), external, Printer.OrNone(ports), Printer.Age(o, now), Selector(spec?["selector"])];
    }

    /// <summary>labels.FormatLabels: k=v pairs sorted by key, "&lt;none&gt;" when empty.</summary>
    private static string Selector(JsonNode? labels)
    {
        var pairs = (labels as JsonObject ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={Printer.Str(kv.Value)}").ToList();
        return pairs.Count == 0 ? "<none>" : string.Join(',', pairs);
    }

    private static long Count(JsonNode? node) => node switch
    {
        JsonObject o => o.Count,
        JsonArray a => a.Count,
        _ => 0,
    };
}
