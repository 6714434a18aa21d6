using System.Text.Json;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Rbac;
using Nereid.KubeDouble.Storage;

namespace Nereid.KubeDouble.Server;

/// <summary>Feeds the RBAC authorizer the live RBAC objects of the store.</summary>
public sealed class StoreRbacSource(ObjectStore store, ResourceCatalog catalog) : IRbacObjectSource
{
    private readonly ResourceInfo _clusterRoles = catalog.Find("rbac.authorization.k8s.io", "v1", "clusterroles")!;
    private readonly ResourceInfo _clusterRoleBindings = catalog.Find("rbac.authorization.k8s.io", "v1", "clusterrolebindings")!;
    private readonly ResourceInfo _roles = catalog.Find("rbac.authorization.k8s.io", "v1", "roles")!;
    private readonly ResourceInfo _roleBindings = catalog.Find("rbac.authorization.k8s.io", "v1", "rolebindings")!;

    public IEnumerable<JsonElement> ClusterRoles() => Elements(_clusterRoles, null);

    public IEnumerable<JsonElement> ClusterRoleBindings() => Elements(_clusterRoleBindings, null);

    public IEnumerable<JsonElement> Roles(string @namespace) => Elements(_roles, @namespace);

    public IEnumerable<JsonElement> RoleBindings(string @namespace) => Elements(_roleBindings, @namespace);

    private IEnumerable<JsonElement> Elements(ResourceInfo r, string? ns) =>
        store.List(r, ns).Items.Select(kv => JsonSerializer.SerializeToElement(kv.Value));
}
