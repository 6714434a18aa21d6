// PLACEHOLDERS ONLY: minimal stand-ins for the Schema/ and Rbac/ components another engineer is writing.
// Delete this whole file at merge; the real types have the same names and signatures.
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Schema
{
    /// <summary>Placeholder: knows no kinds, so nothing is schema-validated until the real validator lands.</summary>
    public sealed class OpenApiSchemaValidator
    {
        public static OpenApiSchemaValidator LoadDefault() => new();
        public bool Knows(string apiVersion, string kind) => false;
        public IReadOnlyList<SchemaError> Validate(JsonElement obj) => [];
    }

    /// <summary>One schema violation; Path like "spec.foo".</summary>
    public sealed record SchemaError(string Path, string Reason, string Message);
}

namespace Nereid.KubeDouble.Rbac
{
    /// <summary>An authenticated caller.</summary>
    public sealed record UserInfo(string Name, IReadOnlyList<string> Groups);

    /// <summary>What a request wants to do, as the RBAC authorizer sees it.</summary>
    public sealed record RequestAttributes(string Verb, string ApiGroup, string Resource, string? Subresource, string? Namespace, string? Name, string? NonResourcePath);

    /// <summary>Live RBAC objects for the authorizer.</summary>
    public interface IRbacObjectSource
    {
        IEnumerable<JsonElement> ClusterRoles();
        IEnumerable<JsonElement> ClusterRoleBindings();
        IEnumerable<JsonElement> Roles(string @namespace);
        IEnumerable<JsonElement> RoleBindings(string @namespace);
    }

    /// <summary>Result of an authorization check.</summary>
    public sealed record AuthorizationDecision(bool Allowed, string Reason);

    /// <summary>Placeholder: a small but real RBAC evaluation (no aggregation, no resourceNames on lists).</summary>
    public sealed class RbacAuthorizer(IRbacObjectSource source)
    {
        public AuthorizationDecision Authorize(UserInfo user, RequestAttributes request)
        {
            foreach (var b in source.ClusterRoleBindings())
            {
                if (Binds(b, user, null) && RoleAllows(b, null, request))
                {
                    return new(true, "allowed by ClusterRoleBinding");
                }
            }
            if (request.Namespace is { } ns)
            {
                foreach (var b in source.RoleBindings(ns))
                {
                    if (Binds(b, user, ns) && RoleAllows(b, ns, request))
                    {
                        return new(true, "allowed by RoleBinding");
                    }
                }
            }
            return new(false, "");
        }

        private static bool Binds(JsonElement binding, UserInfo user, string? ns)
        {
            if (!binding.TryGetProperty("subjects", out var subjects) || subjects.ValueKind != JsonValueKind.Array)
            {
                return false;
            }
            foreach (var s in subjects.EnumerateArray())
            {
                var kind = s.GetProperty("kind").GetString();
                var name = s.GetProperty("name").GetString();
                if (kind == "User" && name == user.Name) return true;
                if (kind == "Group" && user.Groups.Contains(name)) return true;
                if (kind == "ServiceAccount" && user.Name == $"system:serviceaccount:{(s.TryGetProperty("namespace", out var n) ? n.GetString() : ns)}:{name}") return true;
            }
            return false;
        }

        private bool RoleAllows(JsonElement binding, string? ns, RequestAttributes request)
        {
            var roleRef = binding.GetProperty("roleRef");
            var kind = roleRef.GetProperty("kind").GetString();
            var name = roleRef.GetProperty("name").GetString();
            var roles = kind == "ClusterRole" ? source.ClusterRoles() : source.Roles(ns!);
            foreach (var role in roles)
            {
                if (role.GetProperty("metadata").GetProperty("name").GetString() != name) continue;
                if (!role.TryGetProperty("rules", out var rules) || rules.ValueKind != JsonValueKind.Array) return false;
                foreach (var rule in rules.EnumerateArray())
                {
                    if (RuleAllows(rule, request)) return true;
                }
            }
            return false;
        }

        private static bool RuleAllows(JsonElement rule, RequestAttributes r)
        {
            if (!Has(rule, "verbs", r.Verb)) return false;
            if (r.NonResourcePath is { } path)
            {
                return Has(rule, "nonResourceURLs", path);
            }
            var resource = r.Subresource is null ? r.Resource : r.Resource + "/" + r.Subresource;
            return Has(rule, "apiGroups", r.ApiGroup) && Has(rule, "resources", resource)
                && (!rule.TryGetProperty("resourceNames", out var names) || names.GetArrayLength() == 0 || (r.Name is not null && Has(rule, "resourceNames", r.Name)));
        }

        private static bool Has(JsonElement rule, string field, string value) =>
            rule.TryGetProperty(field, out var arr) && arr.ValueKind == JsonValueKind.Array
            && arr.EnumerateArray().Any(v => v.GetString() is "*" || v.GetString() == value);
    }

    /// <summary>Placeholder bootstrap policy: the few default roles tests need.</summary>
    public static class BootstrapPolicy
    {
        public static IReadOnlyList<JsonObject> ClusterRoles() =>
        [
            Role("cluster-admin", """[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]},{"nonResourceURLs":["*"],"verbs":["*"]}]"""),
            Role("admin", """[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}]"""),
            Role("edit", """[{"apiGroups":["","apps","batch","networking.k8s.io"],"resources":["*"],"verbs":["create","delete","deletecollection","get","list","patch","update","watch"]}]"""),
            Role("view", """[{"apiGroups":["","apps","batch","networking.k8s.io"],"resources":["*"],"verbs":["get","list","watch"]}]"""),
            Role("system:discovery", """[{"nonResourceURLs":["/api","/api/*","/apis","/apis/*","/healthz","/livez","/openapi","/openapi/*","/readyz","/version","/version/"],"verbs":["get"]}]"""),
            Role("system:basic-user", """[{"apiGroups":["authorization.k8s.io"],"resources":["selfsubjectaccessreviews","selfsubjectrulesreviews"],"verbs":["create"]}]"""),
        ];

        public static IReadOnlyList<JsonObject> ClusterRoleBindings() =>
        [
            Binding("cluster-admin", "cluster-admin", "system:masters"),
            Binding("system:discovery", "system:discovery", "system:authenticated"),
            Binding("system:basic-user", "system:basic-user", "system:authenticated"),
        ];

        private static JsonObject Role(string name, string rules) => new()
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "ClusterRole",
            ["metadata"] = new JsonObject { ["name"] = name }, ["rules"] = JsonNode.Parse(rules),
        };

        private static JsonObject Binding(string name, string role, string group) => new()
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "ClusterRoleBinding",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = role },
            ["subjects"] = new JsonArray(new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Group", ["name"] = group }),
        };
    }
}
