using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Nereid.Server.Extensions;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// The server hosted in the bench's own process on the embedded default (SQLite), wired as Program.cs wires it, and the
/// portal's sign-in form as a browser sends it: the start-up and sign-in the in-process scenarios (<c>idp</c>,
/// <c>signin-timing</c>) share.
/// </summary>
internal static partial class InProcessNereid
{
    /// <summary>
    /// Starts the server on <paramref name="baseUrl"/> with <paramref name="settings"/> (the database's place, the
    /// bootstrap password and whatever the scenario measures) over SQLite and warning-level logs, and returns once
    /// <c>/readyz</c> answers 200 (at most two minutes).
    /// </summary>
    public static async Task<WebApplication> StartAsync(string baseUrl, IReadOnlyDictionary<string, string> settings, CancellationToken ct)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(baseUrl);
        builder.Configuration["Nereid:Database:Provider"] = "Sqlite";
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        foreach (var (key, value) in settings)
            builder.Configuration[key] = value;
        builder.AddNereidApplication();
        var app = builder.Build();
        app.UseNereidApplication();
        await app.StartAsync(ct);
        using var probe = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var clock = Stopwatch.StartNew();
        while (!(await probe.GetAsync("/readyz", ct)).IsSuccessStatusCode)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(2))
                throw new TimeoutException("the server did not become ready");
            await Task.Delay(200, ct);
        }
        return app;
    }

    /// <summary>A browser-like client (cookies kept, redirects not followed) that has loaded /login, and the form's antiforgery token.</summary>
    public static async Task<(HttpClient Client, string Token)> FormClientAsync(string baseUrl, CancellationToken ct)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(baseUrl) };
        var page = await client.GetStringAsync("/login", ct);
        return (client, WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value));
    }

    /// <summary>Posts the sign-in form as the portal's login page sends it.</summary>
    public static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string token, string user, string password, CancellationToken ct) =>
        client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = user, ["Input.Password"] = password, ["__RequestVerificationToken"] = token,
        }), ct);

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]*)\"")]
    private static partial Regex AntiforgeryField();
}
