using Nereid.Server.Namespaces;

namespace Nereid.Server.Placement;

/// <summary>/api/v1/namespaces/{name}/placement: read by anyone (quotas by the namespace's people), changed by its admins.</summary>
internal static class PlacementApi
{
    /// <summary>Maps GET and PUT of a namespace's placement onto the API group.</summary>
    public static RouteGroupBuilder Map(RouteGroupBuilder api) =>
        api.MapNamespaceSetting<PlacementService, PlacementInput, PlacementView>("placement",
            (svc, actor, name, ct) => svc.GetAsync(actor, name, ct), (svc, actor, name, body, version, ct) => svc.SetAsync(actor, name, body, version, ct));
}
