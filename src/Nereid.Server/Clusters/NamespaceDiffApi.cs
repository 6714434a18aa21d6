using Nereid.Server.Api;

namespace Nereid.Server.Clusters;

/// <summary>GET /api/v1/namespaces/{name}/diff: what a reconcile pass would change, per cluster, without writing.</summary>
internal static class NamespaceDiffApi
{
    /// <summary>Maps the diff endpoint onto the API group.</summary>
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/namespaces/{name}/diff", DiffAsync).RequireAuthorization().WithTags("Clusters")
            .SignedInProblems().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<IResult> DiffAsync(string name, HttpContext http, NamespaceDiffService diffs, CancellationToken ct) =>
        TypedResults.Ok(await diffs.DiffAsync(http.RequireActor(), name, ct));
}
