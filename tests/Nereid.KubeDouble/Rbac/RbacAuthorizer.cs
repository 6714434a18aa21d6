using System.Text.Json;

namespace Nereid.KubeDouble.Rbac;

/// <summary>
/// Kubernetes RBAC authorization over the stored Role/ClusterRole/RoleBinding/ClusterRoleBinding objects,
/// evaluated on every call (no cache, so changes apply at once): ClusterRoleBindings grant everywhere,
/// RoleBindings only inside their namespace; members of <c>system:masters</c> are always allowed.
/// </summary>
/// <remarks>
/// Aggregated ClusterRoles (<c>aggregationRule</c>) are resolved on the fly, since the double runs no
/// aggregation controller: their effective rules are their own plus those of every ClusterRole whose labels match
/// a selector, transitively (admin ⊇ edit ⊇ view as in a real cluster).
/// </remarks>
public sealed class RbacAuthorizer
{
    private const string SystemMasters = "system:masters";
    private const string ServiceAccountPrefix = "system:serviceaccount:";

    private readonly IRbacObjectSource _source;

    /// <summary>Creates an authorizer reading RBAC objects from <paramref name="source"/>.</summary>
    public RbacAuthorizer(IRbacObjectSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
    }

    /// <summary>Decides whether <paramref name="user"/> may perform <paramref name="request"/>.</summary>
    public AuthorizationDecision Authorize(UserInfo user, RequestAttributes request)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        var groups = EffectiveGroups(user);
        if (groups.Contains(SystemMasters))
        {
            // The apiserver's privileged-group authorizer runs before RBAC and gives no reason.
            return new AuthorizationDecision(true, string.Empty);
        }

        var roles = new ClusterRoleIndex(_source.ClusterRoles());
        var errors = new List<string>();
        foreach (var binding in _source.ClusterRoleBindings())
        {
            if (Evaluate(binding, bindingNamespace: string.Empty, user.Name, groups, request, roles, errors) is { } allowed)
            {
                return allowed;
            }
        }

        if (!string.IsNullOrEmpty(request.Namespace))
        {
            foreach (var binding in _source.RoleBindings(request.Namespace))
            {
                if (Evaluate(binding, request.Namespace, user.Name, groups, request, roles, errors) is { } allowed)
                {
                    return allowed;
                }
            }
        }

        var distinct = errors.Distinct(StringComparer.Ordinal).ToList();
        var reason = distinct.Count switch
        {
            0 => string.Empty,
            1 => $"RBAC: {distinct[0]}",
            _ => $"RBAC: [{string.Join(", ", distinct)}]",
        };
        return new AuthorizationDecision(false, reason);
    }

    private AuthorizationDecision? Evaluate(
        JsonElement binding, string bindingNamespace, string userName, HashSet<string> groups,
        RequestAttributes request, ClusterRoleIndex roles, List<string> errors)
    {
        var subject = SubjectMatcher.FirstApplying(binding, bindingNamespace, userName, groups);
        if (subject is null || !binding.TryGetProperty("roleRef", out var roleRef))
        {
            return null;
        }

        var roleKind = Text(roleRef, "kind");
        var roleName = Text(roleRef, "name");
        var isClusterBinding = bindingNamespace.Length == 0;
        IReadOnlyList<JsonElement>? rules = roleKind switch
        {
            "ClusterRole" => roles.EffectiveRules(roleName),
            "Role" when !isClusterBinding => RoleRules(bindingNamespace, roleName),
            _ => [],
        };
        if (rules is null)
        {
            errors.Add(roleKind == "Role"
                ? $"role.rbac.authorization.k8s.io \"{roleName}\" not found"
                : $"clusterrole.rbac.authorization.k8s.io \"{roleName}\" not found");
            return null;
        }

        if (!rules.Any(rule => PolicyRuleMatcher.Allows(rule, request)))
        {
            return null;
        }

        var bindingName = Text(binding.GetProperty("metadata"), "name");
        var source = isClusterBinding
            ? $"ClusterRoleBinding \"{bindingName}\""
            : $"RoleBinding \"{bindingName}/{bindingNamespace}\"";
        return new AuthorizationDecision(true, $"RBAC: allowed by {source} of {roleKind} \"{roleName}\" to {SubjectMatcher.Describe(subject.Value, bindingNamespace)}");
    }

    private List<JsonElement>? RoleRules(string @namespace, string name)
    {
        foreach (var role in _source.Roles(@namespace))
        {
            if (role.TryGetProperty("metadata", out var metadata) && Text(metadata, "name") == name)
            {
                return role.TryGetProperty("rules", out var rules) && rules.ValueKind == JsonValueKind.Array ? [.. rules.EnumerateArray()] : [];
            }
        }

        return null;
    }

    /// <summary>The groups the authenticator would have attached, added when the caller left them out.</summary>
    private static HashSet<string> EffectiveGroups(UserInfo user)
    {
        var groups = new HashSet<string>(user.Groups ?? [], StringComparer.Ordinal);
        if (user.Name != "system:anonymous" && !groups.Contains("system:unauthenticated"))
        {
            groups.Add("system:authenticated");
        }

        if (user.Name.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal))
        {
            var rest = user.Name[ServiceAccountPrefix.Length..];
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                groups.Add("system:serviceaccounts");
                groups.Add($"system:serviceaccounts:{rest[..colon]}");
            }
        }

        return groups;
    }

    internal static string Text(JsonElement obj, string field) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : string.Empty;
}
