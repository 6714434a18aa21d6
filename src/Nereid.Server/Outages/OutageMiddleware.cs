namespace Nereid.Server.Outages;

/// <summary>
/// Answers a request whose session check could not reach the database: the check failed closed (no one is signed in),
/// and rather than sending a signed-in person to the login page, the request gets the outage answer.
/// </summary>
internal static class OutageMiddleware
{
    private static readonly object Key = new();

    /// <summary>Records that this request's sign-in could not be checked because <paramref name="dependency"/> is down.</summary>
    public static void MarkSignInUnchecked(HttpContext http, string dependency)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Items[Key] = dependency;
    }

    /// <summary>Place right after authentication.</summary>
    public static IApplicationBuilder UseOutageAnswers(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Items.TryGetValue(Key, out var dependency) && dependency is string name && !IsOperations(http.Request.Path))
        {
            await OutageResponse.WriteAsync(http, name);
            return;
        }
        await next(http);
    });

    /// <summary>Health, readiness and metrics answer for themselves, whoever asks.</summary>
    internal static bool IsOperations(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/metrics");
}
