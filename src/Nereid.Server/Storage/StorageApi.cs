using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Api;

namespace Nereid.Server.Storage;

/// <summary>/api/v1/storage/classes: the StorageClass catalogue, readable by every signed-in person.</summary>
public static class StorageApi
{
    /// <summary>Maps the storage routes onto the API group.</summary>
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var storage = api.MapGroup("/storage").WithTags("Storage").RequireAuthorization().SignedInProblems();
        storage.MapGet("/classes", (StorageCatalog catalog, [FromQuery] string? cluster) =>
            TypedResults.Ok(catalog.List(string.IsNullOrWhiteSpace(cluster) ? null : cluster.Trim())));
        return api;
    }
}
