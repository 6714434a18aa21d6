using Nereid.Server.Namespaces;

namespace Nereid.Server.Federation;

/// <summary>/api/v1/namespaces/{name}/federation: read by anyone, switched by the namespace's admins and platform admins.</summary>
internal static class FederationApi
{
    /// <summary>Maps GET and PUT of a namespace's federation switch onto the API group.</summary>
    public static RouteGroupBuilder Map(RouteGroupBuilder api) =>
        api.MapNamespaceSetting<FederationService, FederationInput, FederationView>("federation",
            (svc, _, name, ct) => svc.GetAsync(name, ct), (svc, actor, name, body, version, ct) => svc.SetAsync(actor, name, body, version, ct));
}
