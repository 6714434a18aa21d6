using System.Text.Json;

namespace Nereid.KubeDouble.Rbac;

/// <summary>The stored RBAC objects (as JSON, in their v1 wire shape) the authorizer reads on every decision.</summary>
public interface IRbacObjectSource
{
    /// <summary>All ClusterRoles.</summary>
    IEnumerable<JsonElement> ClusterRoles();

    /// <summary>All ClusterRoleBindings.</summary>
    IEnumerable<JsonElement> ClusterRoleBindings();

    /// <summary>The Roles of one namespace.</summary>
    IEnumerable<JsonElement> Roles(string @namespace);

    /// <summary>The RoleBindings of one namespace.</summary>
    IEnumerable<JsonElement> RoleBindings(string @namespace);
}
