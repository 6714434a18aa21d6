using Microsoft.EntityFrameworkCore;
using Nereid.Data;

namespace Nereid.Server.Operations;

/// <summary>/healthz (process alive), /readyz (database reachable) and /metrics (Prometheus exposition).</summary>
public static class OperationsEndpoints
{
    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/readyz", async (NereidDbContext db, CancellationToken ct) =>
        {
            try
            {
                return await db.Database.CanConnectAsync(ct)
                    ? Results.Text("ready")
                    : Results.Text("database unreachable", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                return Results.Text("database unreachable: " + ex.GetType().Name, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).AllowAnonymous().ExcludeFromDescription();
        // OpenTelemetry's Prometheus exporter (TelemetryExtensions); text format 0.0.4, or OpenMetrics when the scraper asks for it.
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }
}
