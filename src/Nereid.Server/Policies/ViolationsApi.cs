using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Api;
using Nereid.Server.Freshness;
using Nereid.Server.Policies;

// In the Extensions namespace, like the other feature wirings, so the pipeline needs only its one Map call.
namespace Nereid.Server.Extensions;

/// <summary>/api/v1/violations, /api/v1/policy-exceptions and (through <see cref="ExceptionRequestsApi"/>) the exception requests.</summary>
internal static class ViolationsApi
{
    public static RouteGroupBuilder MapViolationsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var violations = api.MapGroup("/violations").WithTags("Violations").RequireAuthorization().SignedInProblems();
        // stale and notJudged say which checks did not run, so an empty list is not read as "no violations".
        violations.MapGet("/", async ([FromQuery(Name = "namespace")] string? ns, [FromQuery] string? state, HttpContext http, ViolationService svc,
                PolicyCoverageQuery coverage, CancellationToken ct) =>
        {
            var items = await svc.ListAsync(http.RequireActor(), ns, state, ct);
            var c = coverage.Current();
            return TypedResults.Ok(new { items, stale = c.Stale, notJudged = c.NotJudged });
        }).Problems(400);
        violations.MapGet("/{id:guid}", async (Guid id, HttpContext http, ViolationService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.GetAsync(http.RequireActor(), id, ct))).Problems(404);

        var exceptions = api.MapGroup("/policy-exceptions").WithTags("Violations").RequireAuthorization().SignedInProblems();
        exceptions.MapGet("/", async (HttpContext http, ViolationService svc, CancellationToken ct) =>
            TypedResults.Ok(new { items = await svc.ListExceptionsAsync(http.RequireActor(), ct) }));
        exceptions.MapPost("/", async (PolicyExceptionInput input, HttpContext http, ViolationService svc, CancellationToken ct) =>
        {
            var created = await svc.CreateExceptionAsync(http.RequireActor(), input, ct);
            return TypedResults.Created($"/api/v1/policy-exceptions/{created.Id}", created);
        }).Problems(400);
        exceptions.MapDelete("/{id:guid}", async (Guid id, HttpContext http, ViolationService svc, CancellationToken ct) =>
        {
            await svc.DeleteExceptionAsync(http.RequireActor(), id, ct);
            return TypedResults.NoContent();
        }).Problems(404);
        api.MapExceptionRequestsApi();
        return api;
    }
}
