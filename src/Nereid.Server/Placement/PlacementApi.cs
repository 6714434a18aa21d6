using Nereid.Server.Api;

namespace Nereid.Server.Placement;

/// <summary>/api/v1/namespaces/{name}/placement: read by anyone (quotas by the namespace's people), changed by its admins.</summary>
internal static class PlacementApi
{
    /// <summary>Maps GET and PUT of a namespace's placement onto the API group.</summary>
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/namespaces/{name}/placement", async (string name, HttpContext http, PlacementService svc, CancellationToken ct) =>
        {
            var view = await svc.GetAsync(http.Actor(), name, ct);
            http.Response.Headers.ETag = ETags.ForVersion(view.Version);
            return TypedResults.Ok(view);
        }).AllowAnonymous().WithTags("Namespaces").Problems(404);
        api.MapPut("/namespaces/{name}/placement", async (string name, PlacementInput body, HttpContext http, PlacementService svc, CancellationToken ct) =>
        {
            var view = await svc.SetAsync(http.RequireActor(), name, body, ETags.ParseIfMatch(http.Request), ct);
            http.Response.Headers.ETag = ETags.ForVersion(view.Version);
            return TypedResults.Ok(view);
        }).RequireAuthorization().WithTags("Namespaces").SignedInProblems().Problems(400, 404, 412);
        return api;
    }
}
