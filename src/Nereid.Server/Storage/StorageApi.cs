using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Api;
using Nereid.Server.Storage.Buckets;
using Nereid.Server.Storage.S3;

namespace Nereid.Server.Storage;

/// <summary>
/// /api/v1/storage/classes: the StorageClass catalogue with operator-written descriptions, readable by every signed-in person;
/// …/classes/{cluster}/{storageClass}/description: one description, written by platform admins with If-Match;
/// /api/v1/namespaces/{name}/volumes: a namespace's volumes, for its members and platform admins;
/// /api/v1/namespaces/{name}/s3/credentials: a member's own S3 keys (secret key shown once), their rotation and revocation;
/// /api/v1/namespaces/{name}/s3/quota: the limits of the members' S3 users, read by members, replaced by platform admins with If-Match;
/// /api/v1/namespaces/{name}/buckets: a namespace's S3 buckets (ObjectBucketClaims), their secret key shown once to a member.
/// </summary>
internal static class StorageApi
{
    /// <summary>Maps the storage routes onto the API group.</summary>
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var storage = api.MapGroup("/storage").WithTags("Storage").RequireAuthorization().SignedInProblems();
        storage.MapGet("/classes", async (StorageCatalog catalog, StorageClassDescriptionService descriptions, [FromQuery] string? cluster, CancellationToken ct) =>
            TypedResults.Ok(await descriptions.DescribeAsync(catalog.List(string.IsNullOrWhiteSpace(cluster) ? null : cluster.Trim()), ct)));
        storage.MapGet("/classes/{cluster}/{storageClass}/description", async (string cluster, string storageClass, HttpContext http,
            StorageClassDescriptionService svc, CancellationToken ct) =>
        {
            var view = await svc.GetAsync(cluster, storageClass, ct);
            http.Response.Headers.ETag = ETags.ForVersion(view.Version);
            return TypedResults.Ok(view);
        }).Problems(404);
        storage.MapPut("/classes/{cluster}/{storageClass}/description", async (string cluster, string storageClass, StorageClassDescriptionInput body,
            HttpContext http, StorageClassDescriptionService svc, CancellationToken ct) =>
        {
            var view = await svc.SetAsync(http.RequireActor(), cluster, storageClass, body, ETags.ParseIfMatch(http.Request), ct);
            http.Response.Headers.ETag = ETags.ForVersion(view.Version);
            return TypedResults.Ok(view);
        }).Problems(400, 404, 412);

        var volumes = api.MapGroup("/namespaces/{name}/volumes").WithTags("Storage").RequireAuthorization().SignedInProblems();
        volumes.MapGet("", async (string name, [FromQuery] string? cluster, HttpContext http, VolumeService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.ListAsync(http.RequireActor(), name, cluster, ct))).Problems(400, 404, 409);
        volumes.MapPost("", async (string name, VolumeInput body, HttpContext http, VolumeService svc, CancellationToken ct) =>
        {
            var view = await svc.CreateAsync(http.RequireActor(), name, body, ct);
            return TypedResults.Created($"/api/v1/namespaces/{name}/volumes/{view.Name}", view);
        }).Problems(400, 404, 409);
        volumes.MapPatch("/{volume}", async (string name, string volume, VolumeResizeInput body, HttpContext http, VolumeService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.ResizeAsync(http.RequireActor(), name, volume, body, ct))).Problems(400, 404, 409);
        volumes.MapDelete("/{volume}", async (string name, string volume, [FromQuery] string? cluster, [FromQuery] string? confirm, HttpContext http,
            VolumeService svc, CancellationToken ct) =>
        {
            await svc.DeleteAsync(http.RequireActor(), name, volume, cluster, confirm, ct);
            return TypedResults.NoContent();
        }).Problems(400, 404, 409);

        var s3 = api.MapGroup("/namespaces/{name}/s3/credentials").WithTags("Storage").RequireAuthorization().SignedInProblems();
        s3.MapGet("", async (string name, [FromQuery] string? cluster, HttpContext http, S3CredentialService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.GetAsync(http.RequireActor(), name, cluster, ct))).Problems(400, 404, 409);
        s3.MapPost("/rotate", async (string name, [FromQuery] string? cluster, HttpContext http, S3CredentialService svc, CancellationToken ct) =>
            TypedResults.Accepted($"/api/v1/namespaces/{name}/s3/credentials", await svc.RotateAsync(http.RequireActor(), name, cluster, ct))).Problems(400, 404, 409);
        s3.MapPost("/revoke", async (string name, [FromQuery] string? cluster, HttpContext http, S3CredentialService svc, CancellationToken ct) =>
            TypedResults.Accepted($"/api/v1/namespaces/{name}/s3/credentials", await svc.RevokeAsync(http.RequireActor(), name, cluster, ct))).Problems(400, 404, 409);

        var s3Quota = api.MapGroup("/namespaces/{name}/s3/quota").WithTags("Storage").RequireAuthorization().SignedInProblems();
        s3Quota.MapGet("", async (string name, HttpContext http, S3QuotaService svc, CancellationToken ct) =>
        {
            var view = await svc.GetAsync(http.RequireActor(), name, ct);
            http.Response.Headers.ETag = ETags.ForVersion(view.Version);
            return TypedResults.Ok(view);
        }).Problems(404);
        s3Quota.MapPut("", async (string name, S3QuotaValues body, HttpContext http, S3QuotaService svc, CancellationToken ct) =>
        {
            var view = await svc.SetAsync(http.RequireActor(), name, body, ETags.ParseIfMatch(http.Request), ct);
            http.Response.Headers.ETag = ETags.ForVersion(view.Version);
            return TypedResults.Ok(view);
        }).Problems(400, 404, 412);

        var buckets = api.MapGroup("/namespaces/{name}/buckets").WithTags("Storage").RequireAuthorization().SignedInProblems();
        buckets.MapGet("", async (string name, [FromQuery] string? cluster, HttpContext http, BucketService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.ListAsync(http.RequireActor(), name, cluster, ct))).Problems(400, 404, 409);
        buckets.MapPost("", async (string name, BucketInput body, HttpContext http, BucketService svc, CancellationToken ct) =>
        {
            var view = await svc.CreateAsync(http.RequireActor(), name, body, ct);
            return TypedResults.Created($"/api/v1/namespaces/{name}/buckets/{view.Name}", view);
        }).Problems(400, 404, 409);
        buckets.MapPost("/{bucket}/secret", async (string name, string bucket, [FromQuery] string? cluster, HttpContext http, BucketService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.RevealAsync(http.RequireActor(), name, bucket, cluster, ct))).Problems(400, 404, 409);
        buckets.MapDelete("/{bucket}", async (string name, string bucket, [FromQuery] string? cluster, [FromQuery] string? confirm, HttpContext http,
            BucketService svc, CancellationToken ct) =>
        {
            await svc.DeleteAsync(http.RequireActor(), name, bucket, cluster, confirm, ct);
            return TypedResults.NoContent();
        }).Problems(400, 404, 409);
        return api;
    }
}
