using Nereid.Server.Api;

namespace Nereid.Server.Slurm;

/// <summary>
/// /api/v1/slurm-clusters: the registered Slurm clusters with the status their last pass stored (platform admins);
/// /api/v1/namespaces/{name}/slurm: whether one namespace's account and associations are in sync on each Slurm cluster it is
/// placed on (anyone signed in, like the namespace page).
/// </summary>
internal static class SlurmClustersApi
{
    /// <summary>Maps the Slurm cluster endpoints onto the API group.</summary>
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/slurm-clusters").WithTags("Slurm");
        group.MapGet("/", async (HttpContext http, SlurmClusterQueries q, CancellationToken ct) =>
            TypedResults.Ok(new { items = await q.ListAsync(http.RequireActor(), ct) })).RequireAuthorization().SignedInProblems();
        group.MapGet("/{name}", async (string name, HttpContext http, SlurmClusterQueries q, CancellationToken ct) =>
            TypedResults.Ok(await q.GetAsync(http.RequireActor(), name, ct))).RequireAuthorization().SignedInProblems().Problems(404);
        api.MapGet("/namespaces/{name}/slurm", async (string name, SlurmNamespaceStatus q, CancellationToken ct) =>
            TypedResults.Ok(new { items = await q.GetAsync(name, ct) })).WithTags("Slurm").RequireAuthorization().SignedInProblems().Problems(404);
        return api;
    }
}
