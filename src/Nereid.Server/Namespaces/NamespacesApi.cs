using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.Namespaces;
using Nereid.Server.Api;

namespace Nereid.Server.Namespaces;

/// <summary>/api/v1/namespaces: the public overview, metadata, members and join requests.</summary>
internal static class NamespacesApi
{
    public sealed record MemberRoleBody(string? Role);
    public sealed record JoinBody(string? Message);
    public sealed record DecisionBody(string? Reason);

    public static RouteGroupBuilder MapNamespacesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/namespaces").WithTags("Namespaces");
        group.MapGet("/", ListAsync).AllowAnonymous().Problems(400);
        group.MapGet("/{name}", GetAsync).AllowAnonymous().Problems(404);
        group.MapPost("/", CreateAsync).RequireAuthorization().SignedInProblems().Problems(400, 409);
        group.MapPut("/{name}", UpdateAsync).RequireAuthorization().SignedInProblems().Problems(400, 404, 409, 412);
        group.MapDelete("/{name}", DeleteAsync).RequireAuthorization().SignedInProblems().Problems(400, 404, 409, 412);
        group.MapGet("/{name}/members", async (string name, HttpContext http, NamespaceService svc, CancellationToken ct) =>
            TypedResults.Ok(new { items = await svc.ListMembersAsync(http.RequireActor(), name, ct) })).RequireAuthorization().SignedInProblems().Problems(404);
        group.MapPut("/{name}/members/{person}", async (string name, string person, MemberRoleBody body, HttpContext http, NamespaceService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.SetMemberAsync(http.RequireActor(), name, person, MembershipRoleNames.Parse(body.Role ?? "member"), ct))).RequireAuthorization().SignedInProblems().Problems(400, 404, 409);
        group.MapDelete("/{name}/members/{person}", async (string name, string person, HttpContext http, NamespaceService svc, CancellationToken ct) =>
        {
            await svc.RemoveMemberAsync(http.RequireActor(), name, person, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization().SignedInProblems().Problems(404, 409);
        group.MapGet("/{name}/join-requests", async (string name, HttpContext http, NamespaceService svc, CancellationToken ct) =>
            TypedResults.Ok(new { items = await svc.ListJoinRequestsAsync(http.RequireActor(), name, ct) })).RequireAuthorization().SignedInProblems().Problems(404);
        group.MapPost("/{name}/join-requests", async (string name, JoinBody body, HttpContext http, NamespaceService svc, CancellationToken ct) =>
            TypedResults.Created($"/api/v1/namespaces/{name}/join-requests", await svc.RequestJoinAsync(http.RequireActor(), name, body.Message, ct))).RequireAuthorization().SignedInProblems().Problems(400, 404, 409);
        group.MapPost("/{name}/join-requests/{id:guid}/approve", async (string name, Guid id, DecisionBody body, HttpContext http, NamespaceService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.DecideJoinAsync(http.RequireActor(), name, id, true, body.Reason, ct))).RequireAuthorization().SignedInProblems().Problems(400, 404, 409);
        group.MapPost("/{name}/join-requests/{id:guid}/deny", async (string name, Guid id, DecisionBody body, HttpContext http, NamespaceService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.DecideJoinAsync(http.RequireActor(), name, id, false, body.Reason, ct))).RequireAuthorization().SignedInProblems().Problems(400, 404, 409);
        return api;
    }

    /// <summary>Serves the overview from <see cref="NamespaceListCache"/> when it can: same bytes, same ETag, 304 on If-None-Match.</summary>
    private static async Task<IResult> ListAsync(HttpContext http, NamespaceService svc, NamespaceListCache cache, [FromQuery] string? q,
        [FromQuery] string? sort, [FromQuery] string? order, [FromQuery] int? limit, [FromQuery(Name = "continue")] string? cont, CancellationToken ct)
    {
        var query = new NamespaceQuery(q, ParseSort(sort), string.Equals(order, "desc", StringComparison.OrdinalIgnoreCase), ContinueToken.Limit(limit), cont);
        var key = $"{query.Search}\u0001{query.Sort}\u0001{query.Descending}\u0001{query.Limit}\u0001{query.Continue}";
        if (!cache.TryGet(key, out var entry))
        {
            var generation = cache.Generation;
            var page = await svc.ListAsync(query, ct);
            var body = JsonSerializer.SerializeToUtf8Bytes(new { items = page.Items, @continue = page.Continue }, ApiJson.Options);
            entry = cache.Set(key, body, generation);
        }
        http.Response.Headers.ETag = entry.ETag;
        if (http.Request.Headers.IfNoneMatch.ToString() == entry.ETag)
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(entry.Body, "application/json");
    }

    private static NamespaceSort ParseSort(string? sort) => sort?.ToLowerInvariant() switch
    {
        null or "" or "name" => NamespaceSort.Name,
        "institution" => NamespaceSort.Institution,
        "members" => NamespaceSort.Members,
        "created" => NamespaceSort.Created,
        _ => throw Nereid.Domain.Errors.ValidationFailedException.For("sort", "sort is one of name, institution, members, created."),
    };

    private static async Task<Ok<NamespaceView>> GetAsync(string name, HttpContext http, NamespaceService svc, CancellationToken ct)
    {
        var view = await svc.GetAsync(name, ct);
        http.Response.Headers.ETag = ETags.ForVersion(view.Version);
        return TypedResults.Ok(view);
    }

    private static async Task<Created<NamespaceView>> CreateAsync(NamespaceInput input, HttpContext http, NamespaceService svc, CancellationToken ct)
    {
        var view = await svc.CreateAsync(http.RequireActor(), input, ct);
        http.Response.Headers.ETag = ETags.ForVersion(view.Version);
        return TypedResults.Created($"/api/v1/namespaces/{view.Name}", view);
    }

    private static async Task<Ok<NamespaceView>> UpdateAsync(string name, NamespaceInput input, HttpContext http, NamespaceService svc, CancellationToken ct)
    {
        var view = await svc.UpdateAsync(http.RequireActor(), name, input, ETags.ParseIfMatch(http.Request), ct);
        http.Response.Headers.ETag = ETags.ForVersion(view.Version);
        return TypedResults.Ok(view);
    }

    private static async Task<Accepted<NamespaceView>> DeleteAsync(string name, HttpContext http, NamespaceService svc, CancellationToken ct)
    {
        var view = await svc.RequestDeletionAsync(http.RequireActor(), name, name, ETags.ParseIfMatch(http.Request), ct);
        return TypedResults.Accepted($"/api/v1/namespaces/{name}", view);
    }
}
