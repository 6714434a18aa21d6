using Nereid.Server.Api;

namespace Nereid.Server.Freshness;

/// <summary>
/// <c>GET /api/v1/sources</c>: every data source this replica reads (cluster APIs, Prometheus), whether it answered its
/// last check, since when it does not, and why.
/// </summary>
internal static class FreshnessApi
{
    public static RouteGroupBuilder MapFreshnessApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/sources", (SourceHealth health) => TypedResults.Ok(new SourcesResponse([.. health.All.Select(SourceView.Of)])))
            .WithTags("Sources").RequireAuthorization().SignedInProblems();
        return api;
    }
}

/// <summary>One source in the API: ISO times, <c>stale</c> true when its last check failed.</summary>
internal sealed record SourceView(string Kind, string Name, string Location, string State, bool Stale, DateTimeOffset? CheckedAt,
    DateTimeOffset? LastSuccessAt, DateTimeOffset? UnreachableSince, string? Reason)
{
    public static SourceView Of(SourceState s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new SourceView(s.Kind, s.Name, s.Location, s.State.ToString().ToLowerInvariant(), s.Stale, s.CheckedAt, s.LastSuccessAt, s.UnreachableSince, s.Reason);
    }
}

/// <summary><c>GET /api/v1/sources</c>.</summary>
internal sealed record SourcesResponse(IReadOnlyList<SourceView> Items);
