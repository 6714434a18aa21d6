namespace Nereid.Server.Clusters.Preflight;

/// <summary>
/// One permission Nereid needs in a cluster, as a SelfSubjectAccessReview asks it: verb, API group, resource, and
/// optionally a namespace (null: every namespace, or a cluster-scoped resource) and an object name.
/// </summary>
internal sealed record RequiredPermission(string Verb, string Group, string Resource, string? Namespace, string? Name, string Purpose)
{
    /// <summary>The resource as kubectl names it: <c>namespaces</c>, <c>leases.coordination.k8s.io</c>.</summary>
    public string QualifiedResource => Group.Length == 0 ? Resource : $"{Resource}.{Group}";

    /// <summary>Reads like <c>kubectl auth can-i</c>: <c>update leases.coordination.k8s.io in namespace nereid-system</c>.</summary>
    public override string ToString() =>
        $"{Verb} {QualifiedResource}{(Name is null ? "" : "/" + Name)}{(Namespace is null ? "" : " in namespace " + Namespace)}";
}
