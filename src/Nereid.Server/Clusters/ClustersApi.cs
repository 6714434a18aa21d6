using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.Errors;
using Nereid.Server.Api;

namespace Nereid.Server.Clusters;

/// <summary>/api/v1/clusters and /api/v1/namespaces/{name}/status.</summary>
internal static class ClustersApi
{
    /// <summary>Maps the cluster endpoints onto the API group.</summary>
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/clusters").WithTags("Clusters");
        group.MapGet("/", (ClusterQueries q) => TypedResults.Ok(new { items = q.List() })).RequireAuthorization().SignedInProblems();
        group.MapPost("/{name}/import", async (string name, [FromQuery] bool? dryRun, HttpContext http, NamespaceImporter importer, CancellationToken ct) =>
        {
            var actor = http.RequireActor();
            if (!actor.IsPlatformAdmin)
            {
                throw new ForbiddenException("Only platform admins may import namespaces.");
            }
            return TypedResults.Ok(await importer.ImportAsync(actor, name, dryRun ?? true, ct));
        }).RequireAuthorization().SignedInProblems().Problems(404);
        api.MapGet("/namespaces/{name}/status", async (string name, ClusterQueries q, CancellationToken ct) =>
            TypedResults.Ok(new { items = await q.NamespaceStatusAsync(name, ct) })).AllowAnonymous().WithTags("Clusters").Problems(404);
        return api;
    }
}
