using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.Errors;
using Nereid.Server.Api;

namespace Nereid.Server.Ledger;

/// <summary>GET /api/v1/usage/ledger: the usage ledger's records, or their sums grouped by dimensions, as JSON or CSV.</summary>
internal static class LedgerApi
{
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        api.MapGet("/usage/ledger", async ([FromQuery(Name = "namespace")] string? ns, [FromQuery] string? from, [FromQuery] string? to,
            [FromQuery] string? groupBy, [FromQuery] string? format, HttpContext http, LedgerQueries queries, CancellationToken ct) =>
        {
            var kind = (format ?? "json").ToLowerInvariant();
            if (kind is not ("json" or "csv"))
                throw ValidationFailedException.For("format", "Use json or csv.");
            var by = string.IsNullOrEmpty(groupBy) ? null : LedgerQueries.ParseGroupBy(groupBy);
            var rows = await queries.RecordsAsync(http.RequireActor(), ns, from, to, ct);
            if (by is null)
                return kind == "csv" ? Results.Text(LedgerCsv.Write(rows), "text/csv; charset=utf-8") : Results.Ok(new { items = rows });
            var groups = LedgerQueries.Group(rows, by);
            return kind == "csv" ? Results.Text(GroupsCsv(groups, by), "text/csv; charset=utf-8") : Results.Ok(new { groupBy = by, items = groups });
        }).WithTags("Usage").RequireAuthorization().SignedInProblems().Problems(400);
        return api;
    }

    private static string GroupsCsv(IReadOnlyList<LedgerGroup> groups, IReadOnlyList<string> by)
    {
        var text = new StringBuilder().AppendJoin(',', [.. by, "cpu_hours", "gpu_hours", "memory_gib_hours"]).Append("\r\n");
        foreach (var g in groups)
        {
            text.AppendJoin(',', [.. by.Select(d => Quote(g.Keys[d])), Number(g.CpuHours), Number(g.GpuHours), Number(g.MemoryGibHours)])
                .Append("\r\n");
        }
        return text.ToString();
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
