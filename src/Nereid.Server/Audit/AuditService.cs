using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Audit;
using Nereid.Domain.Errors;
using Nereid.Server.Api;
using Nereid.Server.Auth;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Audit;

/// <summary>An audit event as listed.</summary>
internal sealed record AuditView(Guid Id, DateTime At, string Actor, string Action, string TargetType, string TargetId, string? Namespace, string? Before, string? After);

/// <summary>Reads the audit log: platform admins see everything, namespace admins their namespace's events.</summary>
internal sealed class AuditService(NereidDbContext db)
{
    public async Task<Page<AuditView>> ListAsync(Actor actor, string? namespaceName, int limit, string? continueToken, CancellationToken ct)
    {
        IQueryable<AuditEvent> q = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrEmpty(namespaceName))
        {
            if (!await db.IsNamespaceAdminAsync(actor, namespaceName, ct))
                throw new ForbiddenException($"Only admins of '{namespaceName}' and platform admins can read its audit log.");
            q = q.Where(e => e.NamespaceName == namespaceName);
        }
        else if (!actor.IsPlatformAdmin)
        {
            throw new ForbiddenException("Only platform admins can read the whole audit log; namespace admins ask for their namespace.");
        }
        var offset = ContinueToken.Decode(continueToken) is { } s ? int.TryParse(s, out var o) && o >= 0 ? o
            : throw ValidationFailedException.For("continue", "The continue token is not valid.") : 0;
        var rows = await q.OrderByDescending(e => e.At).ThenBy(e => e.Id).Skip(offset).Take(limit + 1).ToListAsync(ct);
        var next = rows.Count > limit ? ContinueToken.Encode((offset + limit).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        return new Page<AuditView>(rows.Take(limit).Select(e => new AuditView(e.Id, e.At, e.ActorName, e.Action, e.TargetType, e.TargetId, e.NamespaceName, e.Before, e.After)).ToList(), next);
    }
}

/// <summary>/api/v1/audit.</summary>
internal static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", async (string? @namespace, int? limit, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "continue")] string? cont,
            HttpContext http, AuditService svc, CancellationToken ct) =>
        {
            var page = await svc.ListAsync(http.RequireActor(), @namespace, ContinueToken.Limit(limit), cont, ct);
            return TypedResults.Ok(new { items = page.Items, @continue = page.Continue });
        }).WithTags("Audit").RequireAuthorization().SignedInProblems().Problems(400);
        return api;
    }
}
