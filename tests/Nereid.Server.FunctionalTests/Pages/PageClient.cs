using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Pages;

/// <summary>A browser stand-in: keeps cookies, never follows redirects by itself, and fills the antiforgery field of forms.</summary>
public sealed partial class PageClient : IDisposable
{
    private readonly HttpClient _http;

    private PageClient(NereidAppFactory app)
    {
        Cookies = new CookieContainer();
        // Same as WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }, but with the container in reach.
        // A Kestrel-hosted app's factory clients go through a real socket handler that follows redirects; this one must not.
        _http = app is Identity.KestrelNereidAppFactory kestrel
            ? new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = Cookies }) { BaseAddress = new Uri(kestrel.BaseUrl) }
            : app.CreateDefaultClient(new CookieContainerHandler(Cookies));
    }

    public CookieContainer Cookies { get; }

    public static PageClient Anonymous(NereidAppFactory app) => new(app);

    /// <summary>Signs in through the real /login form and checks that it worked.</summary>
    public static async Task<PageClient> SignInAsync(NereidAppFactory app, string userName, string password)
    {
        var client = new PageClient(app);
        var response = await client.SubmitAsync("/login", new() { ["Input.UserName"] = userName, ["Input.Password"] = password });
        response.Status.ShouldBe(HttpStatusCode.Redirect, $"sign-in of {userName} failed: {response.Text}");
        return client;
    }

    public static Task<PageClient> AdminAsync(NereidAppFactory app) =>
        SignInAsync(app, NereidAppFactory.AdminUser, NereidAppFactory.AdminPassword);

    public async Task<PageResponse> GetAsync(string url)
    {
        using var response = await _http.GetAsync(url);
        return await PageResponse.ReadAsync(response);
    }

    /// <summary>Loads <paramref name="pageUrl"/> like a browser, then posts the form to <paramref name="action"/> (default: the same URL) with the page's antiforgery token.</summary>
    public async Task<PageResponse> SubmitAsync(string pageUrl, Dictionary<string, string> fields, string? action = null)
    {
        var page = await GetAsync(pageUrl);
        page.Status.ShouldBe(HttpStatusCode.OK, $"GET {pageUrl} before posting");
        var token = AntiforgeryToken(page.Text) ?? throw new InvalidOperationException($"{pageUrl} has no antiforgery field.");
        return await PostAsync(action ?? pageUrl, new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
    }

    /// <summary>Posts exactly the given fields (no antiforgery token unless included).</summary>
    public async Task<PageResponse> PostAsync(string url, Dictionary<string, string> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        using var response = await _http.PostAsync(url, content);
        return await PageResponse.ReadAsync(response);
    }

    public static string? AntiforgeryToken(string html)
    {
        var match = TokenField().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups["value"].Value) : null;
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex TokenField();
}

/// <summary>What came back: status, redirect target, raw HTML and its decoded text for message checks.</summary>
public sealed record PageResponse(HttpStatusCode Status, string? Location, string Text)
{
    /// <summary>The body with HTML entities decoded (Razor encodes quotes in messages).</summary>
    public string Decoded => WebUtility.HtmlDecode(Text);

    public static async Task<PageResponse> ReadAsync(HttpResponseMessage response) =>
        new(response.StatusCode, response.Headers.Location?.OriginalString, await response.Content.ReadAsStringAsync());
}
