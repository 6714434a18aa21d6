using Nereid.Server.Outages;

namespace Nereid.Server.Startup;

/// <summary>
/// Until start-up is done, every request but the operations endpoints gets the database outage answer (503 with
/// <c>Retry-After</c>: a ProblemDetails on the API, a readable page elsewhere). Nothing behind it could work without the schema.
/// </summary>
internal static class StartupGate
{
    public static IApplicationBuilder UseStartupGate(this IApplicationBuilder app)
    {
        var readiness = app.ApplicationServices.GetRequiredService<StartupReadiness>();
        return app.Use(async (context, next) =>
        {
            if (readiness.IsReady || OutageMiddleware.IsOperations(context.Request.Path))
            {
                await next(context);
                return;
            }
            await OutageResponse.WriteAsync(context, DependencyOutage.Database, "The server is starting: " + readiness.Reason);
        });
    }
}
