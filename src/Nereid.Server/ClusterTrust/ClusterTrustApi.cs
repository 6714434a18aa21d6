using Nereid.Server.Api;

namespace Nereid.Server.ClusterTrust;

/// <summary><c>GET /api/v1/clusters/{name}/authentication-config</c>: the cluster's AuthenticationConfiguration YAML.</summary>
internal static class ClusterTrustApi
{
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        api.MapGet("/clusters/{name}/authentication-config", (string name, HttpContext http, ClusterTrustService trust) =>
                TypedResults.Text(trust.Snippet(http.RequireActor(), name, http.Request), AuthenticationConfigSnippet.MediaType))
            .RequireAuthorization().WithTags("Clusters").SignedInProblems().Problems(404);
        return api;
    }
}
