using Nereid.Server.Api;

namespace Nereid.Server.Institutions;

/// <summary>
/// /api/v1/institutions: the institution list, read by everyone signed in; created, changed (If-Match) and merged
/// (If-Match on the survivor) by platform admins.
/// </summary>
internal static class InstitutionsApi
{
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var g = api.MapGroup("/institutions").WithTags("Institutions").RequireAuthorization().SignedInProblems();
        g.MapGet("", async (InstitutionService svc, CancellationToken ct) => TypedResults.Ok(await svc.ListAsync(ct)));
        g.MapGet("/{id:guid}", async (Guid id, HttpContext http, InstitutionService svc, CancellationToken ct) =>
        {
            var view = await svc.GetAsync(id, ct);
            http.Response.Headers.ETag = ETags.ForVersion(view.Version);
            return TypedResults.Ok(view);
        }).Problems(404);
        g.MapPost("", async (InstitutionInput body, HttpContext http, InstitutionService svc, CancellationToken ct) =>
        {
            var view = await svc.CreateAsync(http.RequireActor(), body, ct);
            http.Response.Headers.ETag = ETags.ForVersion(view.Version);
            return TypedResults.Created($"/api/v1/institutions/{view.Id}", view);
        }).Problems(400);
        g.MapPut("/{id:guid}", async (Guid id, InstitutionInput body, HttpContext http, InstitutionService svc, CancellationToken ct) =>
        {
            var view = await svc.UpdateAsync(http.RequireActor(), id, body, ETags.ParseIfMatch(http.Request), ct);
            http.Response.Headers.ETag = ETags.ForVersion(view.Version);
            return TypedResults.Ok(view);
        }).Problems(400, 404, 412);
        g.MapPost("/{id:guid}/merge", async (Guid id, InstitutionMergeInput body, HttpContext http, InstitutionService svc, CancellationToken ct) =>
        {
            var view = await svc.MergeAsync(http.RequireActor(), id, body.From, ETags.ParseIfMatch(http.Request), ct);
            http.Response.Headers.ETag = ETags.ForVersion(view.Version);
            return TypedResults.Ok(view);
        }).Problems(400, 404, 409, 412);
        return api;
    }
}
