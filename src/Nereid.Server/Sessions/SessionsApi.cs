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
        group.MapGet("/options", GetOptionsAsync).SignedInProblems();
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

    /// <summary>The caller's profile_list, computed live (an empty list for guests).</summary>
    private static async Task<IResult> GetOptionsAsync(HttpContext http, SessionOptionsService svc, CancellationToken ct)
    {
        var body = await svc.ProfileListJsonAsync(http.RequireActor(), ct);
        return Results.Bytes(body, "application/json");
    }
}
