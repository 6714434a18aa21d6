using Nereid.Server.Api;
using Nereid.Server.Policies;

namespace Nereid.Server.Extensions;

/// <summary>/api/v1/policy-exception-requests: namespace admins ask, platform admins approve or deny.</summary>
internal static class ExceptionRequestsApi
{
    public static RouteGroupBuilder MapExceptionRequestsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var requests = api.MapGroup("/policy-exception-requests").WithTags("Violations").RequireAuthorization().SignedInProblems();
        requests.MapGet("/", async (string? state, HttpContext http, ExceptionRequestService svc, CancellationToken ct) =>
            TypedResults.Ok(new { items = await svc.ListAsync(http.RequireActor(), state, ct) })).Problems(400);
        requests.MapGet("/{id:guid}", async (Guid id, HttpContext http, ExceptionRequestService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.GetAsync(http.RequireActor(), id, ct))).Problems(404);
        requests.MapPost("/", async (ExceptionRequestInput input, HttpContext http, ExceptionRequestService svc, CancellationToken ct) =>
        {
            var created = await svc.CreateAsync(http.RequireActor(), input, ct);
            return TypedResults.Created($"/api/v1/policy-exception-requests/{created.Id}", created);
        }).Problems(400, 404);
        requests.MapPost("/{id:guid}/approve", async (Guid id, DecisionInput input, HttpContext http, ExceptionRequestService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.ApproveAsync(http.RequireActor(), id, input, ct))).Problems(400, 404, 409);
        requests.MapPost("/{id:guid}/deny", async (Guid id, DecisionInput input, HttpContext http, ExceptionRequestService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.DenyAsync(http.RequireActor(), id, input, ct))).Problems(400, 404, 409);
        return api;
    }
}
