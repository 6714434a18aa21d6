using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.People;
using Nereid.Server.Api;
using Nereid.Server.People.Merge;

namespace Nereid.Server.People;

/// <summary>/api/v1/people, /api/v1/me and /api/v1/tier-requests.</summary>
internal static class PeopleApi
{
    public sealed record TierBody(string? Tier, string? Reason);
    public sealed record DecisionBody(string? Reason);
    public sealed record SuspendBody(string? Reason);

    public static RouteGroupBuilder MapPeopleApi(this RouteGroupBuilder api)
    {
        var people = api.MapGroup("/people").WithTags("People").RequireAuthorization().SignedInProblems();
        people.MapGet("/", async ([FromQuery] string? q, [FromQuery] int? limit, [FromQuery(Name = "continue")] string? cont, HttpContext http, PeopleService svc, CancellationToken ct) =>
        {
            var page = await svc.SearchAsync(http.RequireActor(), q, ContinueToken.Limit(limit), cont, ct);
            return TypedResults.Ok(new { items = page.Items, @continue = page.Continue });
        }).Problems(400);
        people.MapGet("/{id:guid}", async (Guid id, HttpContext http, PeopleService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.GetAsync(http.RequireActor(), id, ct))).Problems(404);
        people.MapPut("/{id:guid}/tier", async (Guid id, TierBody body, HttpContext http, PeopleService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.SetTierAsync(http.RequireActor(), id, TierNames.Parse(body.Tier), body.Reason, ct))).Problems(400, 404, 409);
        people.MapPost("/{id:guid}/suspend", async (Guid id, SuspendBody body, HttpContext http, PeopleService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.SuspendAsync(http.RequireActor(), id, body.Reason, ct))).Problems(400, 404, 409);
        people.MapPost("/{id:guid}/reinstate", async (Guid id, HttpContext http, PeopleService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.ReinstateAsync(http.RequireActor(), id, ct))).Problems(404, 409);
        people.MapPersonMergeApi();
        people.MapDelete("/{id:guid}/identities/{identityId:guid}", async (Guid id, Guid identityId, HttpContext http, Identity.ExternalLoginService logins, CancellationToken ct) =>
        {
            await logins.AdminUnlinkAsync(http.RequireActor(), id, identityId, ct);
            return TypedResults.NoContent();
        }).Problems(404, 409);

        var me = api.MapGroup("/me").WithTags("Me").RequireAuthorization().SignedInProblems();
        me.MapGet("/", async (HttpContext http, PeopleService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.GetAsync(http.RequireActor(), http.RequireActor().PersonId, ct)));
        me.MapGet("/memberships", async (HttpContext http, PeopleService svc, CancellationToken ct) =>
            TypedResults.Ok(new { items = await svc.MembershipsAsync(http.RequireActor(), ct) }));

        var requests = api.MapGroup("/tier-requests").WithTags("Tier requests").RequireAuthorization().SignedInProblems();
        requests.MapGet("/", async (HttpContext http, PeopleService svc, CancellationToken ct) =>
        {
            var actor = http.RequireActor();
            var items = actor.IsPlatformAdmin ? await svc.PendingTierRequestsAsync(actor, ct) : await svc.MyTierRequestsAsync(actor, ct);
            return TypedResults.Ok(new { items });
        });
        requests.MapPost("/", async (TierBody body, HttpContext http, PeopleService svc, CancellationToken ct) =>
        {
            var view = await svc.RequestTierAsync(http.RequireActor(), TierNames.Parse(body.Tier), body.Reason, ct);
            return TypedResults.Created($"/api/v1/tier-requests/{view.Id}", view);
        }).Problems(400, 409);
        requests.MapPost("/{id:guid}/approve", async (Guid id, DecisionBody body, HttpContext http, PeopleService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.DecideTierRequestAsync(http.RequireActor(), id, true, body.Reason, ct))).Problems(400, 404, 409);
        requests.MapPost("/{id:guid}/deny", async (Guid id, DecisionBody body, HttpContext http, PeopleService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.DecideTierRequestAsync(http.RequireActor(), id, false, body.Reason, ct))).Problems(400, 404, 409);
        return api;
    }
}
