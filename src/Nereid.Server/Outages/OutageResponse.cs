using System.Globalization;
using System.Net;

namespace Nereid.Server.Outages;

/// <summary>
/// The one answer for "a dependency is down": 503 with <c>Retry-After</c>; on the API a ProblemDetails naming the
/// dependency (<c>dependency</c> extension), elsewhere a short readable page. Never a blank body.
/// </summary>
internal static class OutageResponse
{
    /// <summary>Seconds a client is told to wait before asking again.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>The problem type of every outage answer.</summary>
    public const string ProblemType = "https://nereid.dev/problems/dependency-unavailable";

    /// <summary>Writes the answer for <paramref name="dependency"/> (<see cref="DependencyOutage.Database"/> or <see cref="DependencyOutage.Cluster"/>).</summary>
    public static async Task WriteAsync(HttpContext http, string dependency, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        var what = dependency == DependencyOutage.Cluster ? "the Kubernetes cluster" : "its " + dependency;
        var sentence = $"Nereid cannot reach {what} at the moment. Nothing was changed; please try again in a few seconds.";
        http.Response.Clear();
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(title: $"Service unavailable: {dependency}", detail: detail is null ? sentence : sentence + " " + detail,
                statusCode: StatusCodes.Status503ServiceUnavailable, type: ProblemType,
                extensions: new Dictionary<string, object?> { ["dependency"] = dependency, ["retryAfterSeconds"] = RetryAfterSeconds })
                .ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Temporarily unavailable — Nereid</title>"
            + $"<meta http-equiv=\"refresh\" content=\"{RetryAfterSeconds * 3}\"></head><body><main>"
            + "<h1>Temporarily unavailable</h1><p>" + WebUtility.HtmlEncode(sentence) + "</p>"
            + (detail is null ? "" : "<p>" + WebUtility.HtmlEncode(detail) + "</p>")
            + "<p>This page reloads by itself. <a href=\"/\">Back to the namespaces overview</a></p></main></body></html>");
    }
}
