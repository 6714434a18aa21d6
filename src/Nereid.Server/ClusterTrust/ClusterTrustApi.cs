using Nereid.Server.Api;

namespace Nereid.Server.ClusterTrust;

/// <summary>
/// <c>GET /api/v1/clusters/{name}/authentication-config</c>: the cluster's AuthenticationConfiguration YAML;
/// <c>GET|PUT /api/v1/clusters/{name}/trust</c>: whether the cluster trusts Nereid's issuer (PUT: platform admins, If-Match).
/// </summary>
internal static class ClusterTrustApi
{
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        api.MapGet("/clusters/{name}/authentication-config", (string name, HttpContext http, ClusterTrustService trust) =>
                TypedResults.Text(trust.Snippet(http.RequireActor(), name, http.Request), AuthenticationConfigSnippet.MediaType))
            .RequireAuthorization().WithTags("Clusters").SignedInProblems().Problems(404);
        api.MapGet("/clusters/{name}/trust", async (string name, HttpContext http, ClusterTrustSettings settings, CancellationToken ct) =>
        {
            var view = await settings.GetAsync(name, ct);
            http.Response.Headers.ETag = ETags.ForVersion(view.Version);
            return TypedResults.Ok(view);
        }).RequireAuthorization().WithTags("Clusters").SignedInProblems().Problems(404);
        api.MapPut("/clusters/{name}/trust", async (string name, ClusterTrustInput body, HttpContext http, ClusterTrustSettings settings, CancellationToken ct) =>
        {
            var view = await settings.SetAsync(http.RequireActor(), name, body, ETags.ParseIfMatch(http.Request), ct);
            http.Response.Headers.ETag = ETags.ForVersion(view.Version);
            return TypedResults.Ok(view);
        }).RequireAuthorization().WithTags("Clusters").SignedInProblems().Problems(400, 404, 412);
        return api;
    }
}
