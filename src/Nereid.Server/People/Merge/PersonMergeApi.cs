using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Api;

namespace Nereid.Server.People.Merge;

/// <summary>
/// <c>/api/v1/people/{id}/merge</c> (platform admins): GET previews merging <c>?other=</c> into this person and returns
/// the ETag to confirm with; POST merges with that ETag as If-Match.
/// </summary>
internal static class PersonMergeApi
{
    public sealed record MergeBody(Guid? Other, bool? Force);

    public static RouteGroupBuilder MapPersonMergeApi(this RouteGroupBuilder people)
    {
        people.MapGet("/{id:guid}/merge", async (Guid id, [FromQuery] Guid? other, HttpContext http, PersonMergeService svc, CancellationToken ct) =>
        {
            var plan = await svc.PreviewAsync(http.RequireActor(), id, other, ct);
            http.Response.Headers.ETag = plan.ETag;
            return TypedResults.Ok(plan);
        }).Problems(400, 404, 409);
        people.MapPost("/{id:guid}/merge", async (Guid id, MergeBody body, HttpContext http, PersonMergeService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.MergeAsync(http.RequireActor(), id, body.Other, body.Force ?? false, http.Request.Headers.IfMatch.ToString(), ct)))
            .Problems(400, 404, 409, 412);
        return people;
    }
}
