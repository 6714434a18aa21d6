using Nereid.Server.Api;

namespace Nereid.Server.Federation;

/// <summary>/api/v1/namespaces/{name}/federation: read by anyone, switched by the namespace's admins and platform admins.</summary>
internal static class FederationApi
{
    /// <summary>Maps GET and PUT of a namespace's federation switch onto the API group.</summary>
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/namespaces/{name}/federation", async (string name, HttpContext http, FederationService svc, CancellationToken ct) =>
        {
            var view = await svc.GetAsync(name, ct);
            http.Response.Headers.ETag = ETags.ForVersion(view.Version);
            return TypedResults.Ok(view);
        }).AllowAnonymous().WithTags("Namespaces").Problems(404);
        api.MapPut("/namespaces/{name}/federation", async (string name, FederationInput body, HttpContext http, FederationService svc, CancellationToken ct) =>
        {
            var view = await svc.SetAsync(http.RequireActor(), name, body, ETags.ParseIfMatch(http.Request), ct);
            http.Response.Headers.ETag = ETags.ForVersion(view.Version);
            return TypedResults.Ok(view);
        }).RequireAuthorization().WithTags("Namespaces").SignedInProblems().Problems(400, 404, 412);
        return api;
    }
}
