using System.Net;
using Nereid.Server.FunctionalTests.Pages;

namespace Nereid.Server.FunctionalTests.Provider.OpenIdClient;

/// <summary>
/// The person's browser against the server on its real port: keeps cookies, never follows redirects (the test reads
/// each Location itself), fills the antiforgery field like <see cref="PageClient"/> does for the in-memory server.
/// </summary>
internal sealed class LoopbackBrowser : IDisposable
{
    private readonly HttpClient _http;

    private LoopbackBrowser(string issuer)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        _http = new HttpClient(handler) { BaseAddress = new Uri(issuer) };
    }

    public static Task<LoopbackBrowser> SignInAsync(KestrelProviderApp app, string userName, string password) =>
        SignInAsync(app.Issuer, userName, password);

    /// <summary>Signs in at the portal of the Nereid at <paramref name="issuer"/> (its root URL).</summary>
    public static async Task<LoopbackBrowser> SignInAsync(string issuer, string userName, string password)
    {
        var browser = new LoopbackBrowser(issuer);
        var response = await browser.SubmitAsync("/login", new() { ["Input.UserName"] = userName, ["Input.Password"] = password });
        response.Status.ShouldBe(HttpStatusCode.Redirect, $"sign-in of {userName} failed: {response.Text}");
        return browser;
    }

    public async Task<PageResponse> GetAsync(string url)
    {
        using var response = await _http.GetAsync(url);
        return await PageResponse.ReadAsync(response);
    }

    /// <summary>Loads <paramref name="pageUrl"/>, then posts <paramref name="fields"/> with its antiforgery token to <paramref name="action"/> (default: the same URL).</summary>
    public async Task<PageResponse> SubmitAsync(string pageUrl, Dictionary<string, string> fields, string? action = null)
    {
        var page = await GetAsync(pageUrl);
        page.Status.ShouldBe(HttpStatusCode.OK, $"GET {pageUrl} before posting");
        var token = PageClient.AntiforgeryToken(page.Text) ?? throw new InvalidOperationException($"{pageUrl} has no antiforgery field.");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
        using var response = await _http.PostAsync(action ?? pageUrl, content);
        return await PageResponse.ReadAsync(response);
    }

    public void Dispose() => _http.Dispose();
}
