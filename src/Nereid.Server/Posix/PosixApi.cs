using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.Errors;
using Nereid.Server.Api;

namespace Nereid.Server.Posix;

/// <summary>/api/v1/me/posix, /api/v1/people/{id}/posix and the operators' export /api/v1/posix/accounts.</summary>
internal static class PosixApi
{
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        api.MapGet("/me/posix", async (HttpContext http, PosixIdentityService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.GetAsync(http.RequireActor(), http.RequireActor().PersonId, ct)))
            .WithTags("Me").RequireAuthorization().SignedInProblems();
        api.MapGet("/people/{id:guid}/posix", async (Guid id, HttpContext http, PosixIdentityService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.GetAsync(http.RequireActor(), id, ct)))
            .WithTags("People").RequireAuthorization().SignedInProblems().Problems(404);
        api.MapGet("/posix/accounts", async ([FromQuery] string? format, HttpContext http, PosixIdentityService svc, CancellationToken ct) =>
        {
            PosixIdentityService.RequireExporter(http.RequireActor());
            var kind = (format ?? "json").ToLowerInvariant();
            if (kind is not ("json" or "csv" or "passwd"))
                throw ValidationFailedException.For("format", "Use json, csv or passwd.");
            var accounts = await svc.ExportAsync(http.RequireActor(), ct);
            return kind switch
            {
                "csv" => Results.Text(PosixExport.Csv(accounts), "text/csv; charset=utf-8"),
                "passwd" => Results.Text(PosixExport.Passwd(accounts), "text/plain; charset=utf-8"),
                _ => Results.Ok(new { items = accounts }),
            };
        }).WithTags("POSIX").RequireAuthorization().SignedInProblems().Problems(400);
        return api;
    }
}
