using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.KubeDouble.Rbac;

namespace Nereid.KubeDouble.Tests.Rbac;

/// <summary>RBAC objects held in lists, sorted by kind; the bootstrap policy is included unless asked otherwise.</summary>
internal sealed class InMemoryRbacSource : IRbacObjectSource
{
    private readonly List<JsonElement> _objects = [];

    public InMemoryRbacSource(bool withBootstrapPolicy = true)
    {
        if (withBootstrapPolicy)
        {
            Add([.. BootstrapPolicy.ClusterRoles(), .. BootstrapPolicy.ClusterRoleBindings()]);
        }
    }

    public InMemoryRbacSource Add(params JsonObject[] objects)
    {
        _objects.AddRange(objects.Select(o => JsonSerializer.SerializeToElement(o)));
        return this;
    }

    public InMemoryRbacSource AddJson(params string[] objects)
    {
        foreach (var json in objects)
        {
            Add(JsonNode.Parse(json)!.AsObject());
        }

        return this;
    }

    public IEnumerable<JsonElement> ClusterRoles() => OfKind("ClusterRole", null);

    public IEnumerable<JsonElement> ClusterRoleBindings() => OfKind("ClusterRoleBinding", null);

    public IEnumerable<JsonElement> Roles(string @namespace) => OfKind("Role", @namespace);

    public IEnumerable<JsonElement> RoleBindings(string @namespace) => OfKind("RoleBinding", @namespace);

    private IEnumerable<JsonElement> OfKind(string kind, string? @namespace) =>
        _objects.Where(o => o.GetProperty("kind").GetString() == kind
            && (@namespace is null || (o.GetProperty("metadata").TryGetProperty("namespace", out var ns) && ns.GetString() == @namespace)));
}
