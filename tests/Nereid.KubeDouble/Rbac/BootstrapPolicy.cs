using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Rbac;

/// <summary>
/// Default ClusterRoles and ClusterRoleBindings a fresh cluster starts with.
/// </summary>
/// <remarks>
/// A subset of the real bootstrap policy (<c>plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go</c>):
/// cluster-admin, the aggregated admin/edit/view roles with their <c>system:aggregate-to-*</c> parts (rules limited
/// to the resources the double serves), system:discovery, system:public-info-viewer and system:basic-user, with the
/// same names, labels, annotations and bindings. Every call returns fresh, mutable copies.
/// </remarks>
public static partial class BootstrapPolicy
{
    private const string RbacGroup = "rbac.authorization.k8s.io";
    private const string AggregatePrefix = "rbac.authorization.k8s.io/aggregate-to-";

    /// <summary>cluster-admin, admin, edit, view, system:aggregate-to-{admin,edit,view}, system:discovery, system:public-info-viewer, system:basic-user.</summary>
    public static IReadOnlyList<JsonObject> ClusterRoles() =>
    [
        ClusterRole("cluster-admin", labels: [], Rule(["*"], ["*"], ["*"]), NonResource(["*"], ["*"])),
        Aggregated("admin", aggregatesFrom: "admin", labels: []),
        Aggregated("edit", aggregatesFrom: "edit", labels: ["admin"]),
        Aggregated("view", aggregatesFrom: "view", labels: ["admin", "edit"]),
        ClusterRole("system:aggregate-to-admin", labels: ["admin"], AdminRules()),
        ClusterRole("system:aggregate-to-edit", labels: ["edit"], EditRules()),
        ClusterRole("system:aggregate-to-view", labels: ["view"], ViewRules()),
        ClusterRole("system:discovery", labels: [], NonResource(["get"], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"])),
        ClusterRole("system:public-info-viewer", labels: [], NonResource(["get"], ["/healthz", "/livez", "/readyz", "/version", "/version/"])),
        ClusterRole("system:basic-user", labels: [],
            Rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
            Rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"])),
    ];

    /// <summary>cluster-admin → group system:masters; system:discovery, system:basic-user → system:authenticated; system:public-info-viewer → system:authenticated and system:unauthenticated.</summary>
    public static IReadOnlyList<JsonObject> ClusterRoleBindings() =>
    [
        Binding("cluster-admin", "system:masters"),
        Binding("system:discovery", "system:authenticated"),
        Binding("system:basic-user", "system:authenticated"),
        Binding("system:public-info-viewer", "system:authenticated", "system:unauthenticated"),
    ];

    private static JsonObject ClusterRole(string name, string[] labels, params JsonObject[] rules) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRole",
        ["metadata"] = Metadata(name, labels),
        ["rules"] = new JsonArray([.. rules]),
    };

    /// <summary>A role whose rules come from the roles labelled <c>aggregate-to-{aggregatesFrom}</c>; the controller would fill <c>rules</c>.</summary>
    private static JsonObject Aggregated(string name, string aggregatesFrom, string[] labels)
    {
        var role = ClusterRole(name, labels);
        role["aggregationRule"] = new JsonObject
        {
            ["clusterRoleSelectors"] = new JsonArray(new JsonObject { ["matchLabels"] = new JsonObject { [AggregatePrefix + aggregatesFrom] = "true" } }),
        };
        return role;
    }

    private static JsonObject Binding(string name, params string[] groups) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = Metadata(name, []),
        ["roleRef"] = new JsonObject { ["apiGroup"] = RbacGroup, ["kind"] = "ClusterRole", ["name"] = name },
        ["subjects"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject { ["apiGroup"] = RbacGroup, ["kind"] = "Group", ["name"] = g })]),
    };

    private static JsonObject Metadata(string name, string[] aggregateTo)
    {
        var labels = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" };
        foreach (var target in aggregateTo)
        {
            labels[AggregatePrefix + target] = "true";
        }

        return new JsonObject
        {
            ["name"] = name,
            ["labels"] = labels,
            ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
        };
    }

    private static JsonObject Rule(string[] verbs, string[] groups, string[] resources) => new()
    {
        ["verbs"] = Strings(verbs),
        ["apiGroups"] = Strings(groups),
        ["resources"] = Strings(resources),
    };

    private static JsonObject NonResource(string[] verbs, string[] urls) => new()
    {
        ["verbs"] = Strings(verbs),
        ["nonResourceURLs"] = Strings(urls),
    };

    private static JsonArray Strings(string[] values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
