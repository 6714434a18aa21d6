using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.Errors;
using Nereid.Server.Api;
using Nereid.Server.Resources;

namespace Nereid.Server.Audit;

/// <summary>/api/v1/audit: the audit log as JSON pages or, with <c>format=csv</c>, one CSV file of every matching event.</summary>
internal static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", async (string? @namespace, string? actor, string? action, string? from, string? to, string? format, int? limit,
            [FromQuery(Name = "continue")] string? cont, HttpContext http, AuditService svc, CancellationToken ct) =>
        {
            var kind = (format ?? "json").ToLowerInvariant();
            if (kind is not ("json" or "csv"))
                throw ValidationFailedException.For("format", "Use json or csv.");
            var filter = new AuditFilter(@namespace, actor, action, ResourcesApi.Time(from, "from"), ResourcesApi.Time(to, "to"));
            if (kind == "csv")
            {
                http.Response.Headers.ContentDisposition = "attachment; filename=\"audit.csv\"";
                return Results.Text(AuditCsv.Write(await svc.ExportAsync(http.RequireActor(), filter, ct)), "text/csv; charset=utf-8");
            }
            var page = await svc.ListAsync(http.RequireActor(), filter, ContinueToken.Limit(limit), cont, ct);
            return Results.Ok(new { items = page.Items, @continue = page.Continue });
        }).WithTags("Audit").RequireAuthorization().SignedInProblems().Problems(400);
        return api;
    }
}
