using Nereid.Kubernetes.Models;

namespace Nereid.Kubernetes.Projection;

/// <summary>
/// The objects one Nereid namespace should have in a cluster. <see cref="AbsentRoleBindings"/> names the bindings
/// that must not exist (no subjects: Kubernetes rejects nothing, but an empty binding is noise and hides intent).
/// </summary>
public sealed record DesiredNamespace(
    Namespace Namespace,
    IReadOnlyList<RoleBinding> RoleBindings,
    IReadOnlyList<string> AbsentRoleBindings,
    ResourceQuota Quota,
    LimitRange LimitRange,
    NetworkPolicy NetworkPolicy)
{
    /// <summary>Every object to apply, namespace first (the others live in it).</summary>
    public IEnumerable<KubeObject> Objects
    {
        get
        {
            yield return Namespace;
            foreach (var rb in RoleBindings)
            {
                yield return rb;
            }
            yield return Quota;
            yield return LimitRange;
            yield return NetworkPolicy;
        }
    }
}
