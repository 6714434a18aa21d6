namespace Nereid.Kubernetes.Models;

/// <summary>A rbac.authorization.k8s.io/v1 Role (namespaced).</summary>
internal sealed class Role() : KubeObject("rbac.authorization.k8s.io/v1", "Role")
{
    public List<PolicyRule>? Rules { get; set; }
}

/// <summary>A rbac.authorization.k8s.io/v1 ClusterRole.</summary>
public sealed class ClusterRole() : KubeObject("rbac.authorization.k8s.io/v1", "ClusterRole")
{
    public List<PolicyRule>? Rules { get; set; }
}

/// <summary>A rbac.authorization.k8s.io/v1 RoleBinding (namespaced).</summary>
public sealed class RoleBinding() : KubeObject("rbac.authorization.k8s.io/v1", "RoleBinding")
{
    public List<Subject>? Subjects { get; set; }
    public RoleRef? RoleRef { get; set; }
}

/// <summary>A rbac.authorization.k8s.io/v1 ClusterRoleBinding.</summary>
public sealed class ClusterRoleBinding() : KubeObject("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")
{
    public List<Subject>? Subjects { get; set; }
    public RoleRef? RoleRef { get; set; }
}

/// <summary>One RBAC rule: verbs on resources of API groups (or non-resource URLs).</summary>
public sealed class PolicyRule
{
    public List<string>? ApiGroups { get; set; }
    public List<string>? Resources { get; set; }
    public List<string>? ResourceNames { get; set; }
    public List<string>? Verbs { get; set; }
    public List<string>? NonResourceURLs { get; set; }
}

/// <summary>Who a binding grants to: <c>User</c>, <c>Group</c> or <c>ServiceAccount</c>.</summary>
public sealed class Subject
{
    public string? Kind { get; set; }
    public string? ApiGroup { get; set; }
    public string? Name { get; set; }
    public string? Namespace { get; set; }
}

/// <summary>The role a binding grants (immutable once created).</summary>
public sealed class RoleRef
{
    public string? ApiGroup { get; set; }
    public string? Kind { get; set; }
    public string? Name { get; set; }
}
