using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.Errors;
using Nereid.Server.Api;

namespace Nereid.Server.Resources;

/// <summary>/api/v1/resources (inventory), /api/v1/namespaces/{name}/usage (current requests), /api/v1/usage (accounting series).</summary>
internal static class ResourcesApi
{
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var resources = api.MapGroup("/resources").WithTags("Resources").RequireAuthorization().SignedInProblems();
        resources.MapGet("/nodes", async (HttpContext http, ResourcesQueries q, [FromQuery] string? cluster, [FromQuery] string? gpu,
                [FromQuery] string? region, [FromQuery] bool? freeForMe, [FromQuery] string? gpuType, CancellationToken ct) =>
            TypedResults.Ok(await q.ListNodesAsync(http.RequireActor(),
                new NodeFilter(Blank(cluster), Blank(gpu), Blank(region), freeForMe ?? false, Blank(gpuType)), ct)));
        resources.MapGet("/summary", async (HttpContext http, ResourcesQueries q, [FromQuery] string? cluster, CancellationToken ct) =>
            TypedResults.Ok(await q.SummaryAsync(http.RequireActor(), Blank(cluster), ct)));

        api.MapGet("/namespaces/{name}/usage", async (string name, HttpContext http, ResourcesQueries q, CancellationToken ct) =>
            TypedResults.Ok(await q.NamespaceUsageAsync(http.RequireActor(), name, ct))).WithTags("Resources").RequireAuthorization().SignedInProblems().Problems(404);

        var usage = api.MapGroup("/usage").WithTags("Usage").RequireAuthorization().SignedInProblems().Problems(400);
        usage.MapGet("/namespaces/{name}", async (string name, HttpContext http, UsageQueries q, [FromQuery] string? from, [FromQuery] string? to,
                [FromQuery] string? step, CancellationToken ct) =>
            TypedResults.Ok(await q.NamespaceAsync(http.RequireActor(), name, Time(from, "from"), Time(to, "to"), Step(step), ct))).Problems(404);
        usage.MapGet("/institutions/{institution}", async (string institution, HttpContext http, UsageQueries q, [FromQuery] string? from,
                [FromQuery] string? to, [FromQuery] string? step, CancellationToken ct) =>
            TypedResults.Ok(await q.InstitutionAsync(http.RequireActor(), institution, Time(from, "from"), Time(to, "to"), Step(step), ct)));
        return api;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>ISO 8601 time (<c>2026-11-01T00:00:00Z</c>); a time without offset is UTC.</summary>
    internal static DateTimeOffset? Time(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw ValidationFailedException.For(field, $"'{text}' is not an ISO 8601 time such as 2026-11-01T00:00:00Z.");
    }

    /// <summary>Seconds (<c>3600</c>) or a number with unit m, h or d (<c>15m</c>, <c>1h</c>, <c>1d</c>).</summary>
    internal static TimeSpan? Step(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        text = text.Trim();
        var unit = char.ToLowerInvariant(text[^1]);
        var (number, scale) = unit switch
        {
            's' => (text[..^1], 1),
            'm' => (text[..^1], 60),
            'h' => (text[..^1], 3600),
            'd' => (text[..^1], 86400),
            _ => (text, 1),
        };
        return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? TimeSpan.FromSeconds((long)n * scale)
            : throw ValidationFailedException.For("step", $"'{text}' is not a step; use seconds (3600) or 15m, 1h, 1d.");
    }
}
