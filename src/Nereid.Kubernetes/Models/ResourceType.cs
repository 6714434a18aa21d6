using System.Collections.Concurrent;
using System.Text;

namespace Nereid.Kubernetes.Models;

/// <summary>
/// Where a kind lives in the API: group, version, plural resource name and scope. Builds request paths.
/// The static registry knows every typed model; register more with <see cref="Register{T}"/>.
/// </summary>
/// <param name="Group">API group, empty for core (<c>""</c>, <c>"apps"</c>, <c>"rbac.authorization.k8s.io"</c>).</param>
/// <param name="Version">API version (<c>v1</c>).</param>
/// <param name="Plural">Resource name in URLs (<c>namespaces</c>, <c>rolebindings</c>).</param>
/// <param name="Kind">Kind (<c>Namespace</c>).</param>
/// <param name="Namespaced">True when objects live in a namespace.</param>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    private static readonly ConcurrentDictionary<Type, ResourceType> Registry = new(Seed());

    /// <summary><c>v1</c> or <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    private string Prefix => Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";

    /// <summary>The descriptor of a registered model type.</summary>
    public static ResourceType Of<T>() => Of(typeof(T));

    /// <summary>The descriptor of a registered model type.</summary>
    public static ResourceType Of(Type type) =>
        Registry.TryGetValue(type, out var r)
            ? r
            : throw new InvalidOperationException($"{type.Name} has no ResourceType; register it or pass one explicitly.");

    /// <summary>Registers (or replaces) the descriptor for a model type.</summary>
    public static void Register<T>(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        Registry[typeof(T)] = type;
    }

    /// <summary>Collection path; <paramref name="ns"/> null on a namespaced type means all namespaces.</summary>
    public string CollectionPath(string? ns)
    {
        if (!Namespaced || string.IsNullOrEmpty(ns))
        {
            return $"{Prefix}/{Plural}";
        }
        return $"{Prefix}/namespaces/{Escape(ns)}/{Plural}";
    }

    /// <summary>Item path, optionally with a subresource (<c>status</c>, <c>finalize</c>).</summary>
    public string ItemPath(string? ns, string name, string? subresource = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Namespaced && string.IsNullOrEmpty(ns))
        {
            throw new ArgumentException($"{Kind} is namespaced; a namespace is required.", nameof(ns));
        }
        var sb = new StringBuilder(CollectionPath(ns)).Append('/').Append(Escape(name));
        if (!string.IsNullOrEmpty(subresource))
        {
            sb.Append('/').Append(subresource);
        }
        return sb.ToString();
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static Dictionary<Type, ResourceType> Seed() => new()
    {
        [typeof(Namespace)] = new("", "v1", "namespaces", "Namespace", false),
        [typeof(Pod)] = new("", "v1", "pods", "Pod", true),
        [typeof(Node)] = new("", "v1", "nodes", "Node", false),
        [typeof(PersistentVolumeClaim)] = new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true),
        [typeof(ResourceQuota)] = new("", "v1", "resourcequotas", "ResourceQuota", true),
        [typeof(LimitRange)] = new("", "v1", "limitranges", "LimitRange", true),
        [typeof(Role)] = new("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
        [typeof(RoleBinding)] = new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
        [typeof(ClusterRole)] = new("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
        [typeof(ClusterRoleBinding)] = new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false),
        [typeof(NetworkPolicy)] = new("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true),
        [typeof(StorageClass)] = new("storage.k8s.io", "v1", "storageclasses", "StorageClass", false),
        [typeof(Lease)] = new("coordination.k8s.io", "v1", "leases", "Lease", true),
        [typeof(SelfSubjectAccessReview)] = new("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false),
        [typeof(SubjectAccessReview)] = new("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", false),
        [typeof(Deployment)] = new("apps", "v1", "deployments", "Deployment", true),
        [typeof(Job)] = new("batch", "v1", "jobs", "Job", true),
        [typeof(StatefulSet)] = new("apps", "v1", "statefulsets", "StatefulSet", true),
        [typeof(CronJob)] = new("batch", "v1", "cronjobs", "CronJob", true),
    };
}
