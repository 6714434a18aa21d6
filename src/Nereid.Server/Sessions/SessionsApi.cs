using Nereid.Server.Api;

namespace Nereid.Server.Sessions;

/// <summary>/api/v1/sessions: the person's JupyterHub servers, stopping one, their options in KubeSpawner's profile_list shape, and the image catalogue.</summary>
internal static class SessionsApi
{
    /// <summary>Maps the sessions routes onto the API group.</summary>
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/sessions").WithTags("Sessions").RequireAuthorization();
        group.MapGet("/", async (HttpContext http, SessionListService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.ListAsync(http.RequireActor(), ct))).SignedInProblems();
        // The default server has no name: ?server= is empty for it.
        group.MapDelete("/servers/{user}", async (string user, string? server, HttpContext http, SessionListService svc, CancellationToken ct) =>
        {
            await svc.StopAsync(http.RequireActor(), user, server ?? "", ct);
            return TypedResults.NoContent();
        }).SignedInProblems().Problems(404);
        group.MapGet("/options", GetOptionsAsync).Produces(StatusCodes.Status304NotModified).SignedInProblems();
        group.MapGet("/images", async (SessionImageService svc, CancellationToken ct) => TypedResults.Ok(await svc.ListAsync(ct))).SignedInProblems();
        group.MapPost("/images", async (SessionImageInput body, HttpContext http, SessionImageService svc, CancellationToken ct) =>
        {
            var view = await svc.CreateAsync(http.RequireActor(), body, ct);
            return TypedResults.Created($"/api/v1/sessions/images/{view.Name}", view);
        }).SignedInProblems().Problems(400, 409);
        group.MapPut("/images/{name}", async (string name, SessionImageInput body, HttpContext http, SessionImageService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.UpdateAsync(http.RequireActor(), name, body, ct))).SignedInProblems().Problems(400, 404, 409);
        group.MapDelete("/images/{name}", async (string name, HttpContext http, SessionImageService svc, CancellationToken ct) =>
        {
            await svc.DeleteAsync(http.RequireActor(), name, ct);
            return TypedResults.NoContent();
        }).SignedInProblems().Problems(404, 409);
        return api;
    }

    /// <summary>
    /// The caller's profile_list (an empty list for guests): the kept UTF-8 bytes written as they are, with their ETag;
    /// a client that already holds that body (<c>If-None-Match</c>) gets 304 and no body.
    /// </summary>
    private static async Task<IResult> GetOptionsAsync(HttpContext http, SessionOptionsCache options, CancellationToken ct)
    {
        var body = await options.GetAsync(http.RequireActor(), ct);
        http.Response.Headers.ETag = body.ETag;
        // Per person and short-lived: shared caches must not keep it, private ones must ask again each time.
        http.Response.Headers.CacheControl = "private, no-cache";
        if (Matches(http.Request.Headers.IfNoneMatch, body.ETag))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(body.Utf8, "application/json");
    }

    /// <summary>If-None-Match by weak comparison (RFC 9110 §13.1.2): any listed tag with the same opaque value, or <c>*</c>.</summary>
    internal static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Count == 0 || !Microsoft.Net.Http.Headers.EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
            return false;
        var ours = new Microsoft.Net.Http.Headers.EntityTagHeaderValue(etag);
        return tags.Any(t => t.Equals(Microsoft.Net.Http.Headers.EntityTagHeaderValue.Any) || t.Compare(ours, useStrongComparison: false));
    }
}
