using System.Text.Json;

namespace Nereid.KubeDouble.Rbac;

/// <summary>Which subject of a binding, if any, names the caller (mirrors <c>rbac appliesTo</c>).</summary>
internal static class SubjectMatcher
{
    public static JsonElement? FirstApplying(JsonElement binding, string bindingNamespace, string userName, HashSet<string> groups)
    {
        if (!binding.TryGetProperty("subjects", out var subjects) || subjects.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var subject in subjects.EnumerateArray())
        {
            if (Applies(subject, bindingNamespace, userName, groups))
            {
                return subject;
            }
        }

        return null;
    }

    /// <summary>The subject as RBAC reasons name it: <c>User "jane"</c>, <c>ServiceAccount "builder/team-a"</c>.</summary>
    public static string Describe(JsonElement subject, string bindingNamespace)
    {
        var kind = RbacAuthorizer.Text(subject, "kind");
        var name = RbacAuthorizer.Text(subject, "name");
        if (kind == "ServiceAccount")
        {
            var ns = RbacAuthorizer.Text(subject, "namespace");
            name = $"{name}/{(ns.Length > 0 ? ns : bindingNamespace)}";
        }

        return $"{kind} \"{name}\"";
    }

    private static bool Applies(JsonElement subject, string bindingNamespace, string userName, HashSet<string> groups)
    {
        var name = RbacAuthorizer.Text(subject, "name");
        switch (RbacAuthorizer.Text(subject, "kind"))
        {
            case "User":
                return name == userName;
            case "Group":
                return groups.Contains(name);
            case "ServiceAccount":
                // A RoleBinding may omit the namespace of a service account in its own namespace.
                var ns = RbacAuthorizer.Text(subject, "namespace");
                if (ns.Length == 0)
                {
                    ns = bindingNamespace;
                }

                return ns.Length > 0 && userName == $"system:serviceaccount:{ns}:{name}";
            default:
                return false;
        }
    }
}
