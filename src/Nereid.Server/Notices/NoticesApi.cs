using Nereid.Server.Api;
using Nereid.Server.Notices;

namespace Nereid.Server.Extensions;

/// <summary><c>/api/v1/notices</c>: the signed-in person's own portal notices; mark read or unread.</summary>
internal static class NoticesApi
{
    public static RouteGroupBuilder MapNoticesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var notices = api.MapGroup("/notices").WithTags("Notices").RequireAuthorization().SignedInProblems();
        notices.MapGet("/", async (bool? unread, HttpContext http, PortalNotices svc, CancellationToken ct) =>
        {
            var actor = http.RequireActor();
            return TypedResults.Ok(new NoticesResponse(await svc.ListAsync(actor, unread ?? false, ct), await svc.UnreadCountAsync(actor.PersonId, ct)));
        });
        notices.MapPost("/{id:guid}/read", async (Guid id, HttpContext http, PortalNotices svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.MarkAsync(http.RequireActor(), id, true, ct))).Problems(404);
        notices.MapDelete("/{id:guid}/read", async (Guid id, HttpContext http, PortalNotices svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.MarkAsync(http.RequireActor(), id, false, ct))).Problems(404);
        return api;
    }
}

/// <summary><c>GET /api/v1/notices</c>: unread first, then newest.</summary>
internal sealed record NoticesResponse(IReadOnlyList<PortalNoticeView> Items, int Unread);
