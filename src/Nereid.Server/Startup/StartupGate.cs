namespace Nereid.Server.Startup;

/// <summary>
/// Until start-up is done, every request but the operations endpoints gets 503 with <c>Retry-After</c>: a ProblemDetails
/// on the API, a short readable page elsewhere. Nothing behind it could work without the schema.
/// </summary>
internal static class StartupGate
{
    /// <summary>Seconds a client is told to wait before asking again.</summary>
    public const int RetryAfterSeconds = 5;

    public static IApplicationBuilder UseStartupGate(this IApplicationBuilder app)
    {
        var readiness = app.ApplicationServices.GetRequiredService<StartupReadiness>();
        return app.Use(async (context, next) =>
        {
            if (readiness.IsReady || IsOperations(context.Request.Path))
            {
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            const string title = "Nereid is starting and cannot reach its database yet.";
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                await Results.Problem(title: "Service unavailable: database", detail: title + " " + readiness.Reason, statusCode: 503,
                    type: "https://nereid.dev/problems/database-unavailable",
                    extensions: new Dictionary<string, object?> { ["dependency"] = "database" }).ExecuteAsync(context);
                return;
            }
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Temporarily unavailable — Nereid</title></head>"
                + "<body><h1>Temporarily unavailable</h1><p>" + System.Net.WebUtility.HtmlEncode(title)
                + " Please try again in a few seconds.</p></body></html>", context.RequestAborted);
        });
    }

    private static bool IsOperations(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/metrics");
}
