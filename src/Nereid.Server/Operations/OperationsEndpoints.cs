using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Server.Clusters;
using Nereid.Server.Clusters.Preflight;

namespace Nereid.Server.Operations;

/// <summary>/healthz (process alive), /readyz (database reachable, with each cluster's preflight as detail) and /metrics (Prometheus exposition).</summary>
internal static class OperationsEndpoints
{
    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder app)
    {
        // Short-circuited at routing: anonymous, and they must answer while the database is down, so no authentication
        // handler runs for them (OpenIddict's runs on every request it sees and reads its keys from the database).
        app.MapGet("/healthz", () => TypedResults.Text("ok")).AllowAnonymous().ExcludeFromDescription().ShortCircuit();
        app.MapGet("/readyz", ReadyAsync).AllowAnonymous().ExcludeFromDescription().ShortCircuit();
        // OpenTelemetry's Prometheus exporter (TelemetryExtensions); text format 0.0.4, or OpenMetrics when the scraper asks for it.
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous().ShortCircuit();
        return app;
    }

    /// <summary>
    /// Ready means the database answers: it is the system of record and every page needs it. A cluster whose preflight
    /// failed is listed (<c>[-]</c>) but does not make the replica unready, because every replica sees the same cluster:
    /// taking them all out of the Service would hide the portal that explains the problem.
    /// </summary>
    private static async Task<IResult> ReadyAsync(NereidDbContext db, IClusterConnections clusters, PreflightResults preflight, Startup.StartupReadiness startup,
        CancellationToken ct)
    {
        // Until start-up is done the schema may be missing, so the reason start-up gives is the answer.
        var database = startup.IsReady ? await DatabaseAsync(db, ct) : startup.Reason;
        var lines = new List<string> { database is null ? "ready" : "not ready", database is null ? "[+]database ok" : $"[-]database {database}" };
        foreach (var c in clusters.Clusters)
        {
            lines.Add(preflight.Find(c.Name) is { } r
                ? $"[{(r.Ok ? '+' : '-')}]cluster {c.Name}: {r.Summary}"
                : $"[-]cluster {c.Name}: preflight not run yet");
        }
        return Results.Text(string.Join('\n', lines) + "\n", statusCode: database is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Null when the database answers, else why not.</summary>
    private static async Task<string?> DatabaseAsync(NereidDbContext db, CancellationToken ct)
    {
        try
        {
            return await db.Database.CanConnectAsync(ct) ? null : "unreachable";
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return "unreachable: " + ex.GetType().Name;
        }
    }
}
