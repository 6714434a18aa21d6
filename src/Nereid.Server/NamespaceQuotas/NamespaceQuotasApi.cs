using Nereid.Server.Api;

namespace Nereid.Server.NamespaceQuotas;

/// <summary>/api/v1/namespaces/{name}/quota: read by the namespace's people and platform admins, replaced by platform admins.</summary>
internal static class NamespaceQuotasApi
{
    /// <summary>Maps GET and PUT of a namespace's quota onto the API group.</summary>
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/namespaces/{name}/quota", async (string name, HttpContext http, NamespaceQuotaService svc, CancellationToken ct) =>
        {
            var view = await svc.GetAsync(http.RequireActor(), name, ct);
            http.Response.Headers.ETag = ETags.ForVersion(view.Version);
            return TypedResults.Ok(view);
        }).RequireAuthorization().WithTags("Namespaces").SignedInProblems().Problems(404);
        api.MapPut("/namespaces/{name}/quota", async (string name, NamespaceQuotaInput body, HttpContext http, NamespaceQuotaService svc, CancellationToken ct) =>
        {
            var view = await svc.SetAsync(http.RequireActor(), name, body, ETags.ParseIfMatch(http.Request), ct);
            http.Response.Headers.ETag = ETags.ForVersion(view.Version);
            return TypedResults.Ok(view);
        }).RequireAuthorization().WithTags("Namespaces").SignedInProblems().Problems(400, 404, 412);
        return api;
    }
}
