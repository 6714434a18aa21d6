using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;

namespace Nereid.Server.FunctionalTests.Security;

/// <summary>The browser-side defences in headers, on every page and API route, for anonymous and signed-in callers.</summary>
public sealed class SecurityHeadersTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task EveryRoute_AnonymousAndAdmin_CarriesSecurityHeaders()
    {
        var owner = await app.CreatePersonAsync("hdrowner", Tier.Admin);
        await app.CreateNamespaceAsync(owner, "hdr-ns");
        var values = new Dictionary<string, string> { ["name"] = "hdr-ns", ["namespace"] = "hdr-ns", ["person"] = owner.Email, ["institution"] = "UC San Diego" };
        List<(string Method, string Url)> routes = [.. SiteRoutes.All(app, values), ("GET", "/css/site.css"), ("GET", "/js/overview.js"), ("GET", "/no-such-page"), ("GET", "/api/v1/no-such")];
        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var admin = await app.ClientForAsync(await app.AdminAsync());
        routes.Count(r => r.Url.StartsWith("/api/v1/", StringComparison.Ordinal)).ShouldBeGreaterThan(30);
        routes.Count(r => !r.Url.StartsWith("/api", StringComparison.Ordinal)).ShouldBeGreaterThan(20);

        var missing = new List<string>();
        foreach (var (method, url) in routes)
        {
            // Reads as the platform admin (every page renders); writes anonymously, so the walk changes nothing.
            var client = method == "GET" ? admin : anonymous;
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            using var response = await client.SendAsync(request);
            missing.AddRange(Missing(response).Select(h => $"{method} {url} ({(int)response.StatusCode}): {h}"));
            if (method == "GET")
            {
                using var again = await anonymous.GetAsync(url);
                missing.AddRange(Missing(again).Select(h => $"anonymous GET {url} ({(int)again.StatusCode}): {h}"));
            }
        }

        missing.ShouldBeEmpty();
    }

    [Fact]
    public async Task DeleteConfirmation_LoadedTwice_RefusesFramingBothTimes()
    {
        var owner = await app.CreatePersonAsync("frameowner", Tier.Admin);
        await app.CreateNamespaceAsync(owner, "frame-ns");
        using var client = await PageClient.SignInAsync(app, "frameowner", "frameowner-password");
        // The same browser session, read through a client that shows the headers.
        using var http = app.CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(client.Cookies));

        using var first = await http.GetAsync("/manage/frame-ns/delete");
        using var second = await http.GetAsync("/manage/frame-ns/delete");

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        Csp(second).ShouldContain("frame-ancestors 'none'");
    }

    [Fact]
    public async Task Hsts_PlainHttp_IsNotSentAndCookiesAreNotSecure()
    {
        using var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        // Nobody is trusted to forward by default, so this header changes nothing.
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await http.SendAsync(request);

        response.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
        SetCookies(response).ShouldNotBeEmpty();
        SetCookies(response).ShouldAllBe(c => !c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Hsts_Https_IsSentAndCookiesAreSecure()
    {
        using var https = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

        using var response = await https.GetAsync("/login");

        response.Headers.GetValues("Strict-Transport-Security").ShouldBe(["max-age=31536000"]);
        SetCookies(response).ShouldNotBeEmpty();
        SetCookies(response).ShouldAllBe(c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    internal static IEnumerable<string> Missing(HttpResponseMessage response)
    {
        var csp = Csp(response);
        foreach (var directive in new[] { "script-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'" })
        {
            if (!csp.Contains(directive, StringComparison.Ordinal))
                yield return "Content-Security-Policy lacks " + directive;
        }
        if (csp.Contains("unsafe-inline", StringComparison.Ordinal) || csp.Contains("unsafe-eval", StringComparison.Ordinal))
            yield return "Content-Security-Policy allows inline code";
        if (Header(response, "X-Content-Type-Options") != "nosniff")
            yield return "X-Content-Type-Options";
        if (Header(response, "Referrer-Policy") is null)
            yield return "Referrer-Policy";
        if (Header(response, "Permissions-Policy") is null)
            yield return "Permissions-Policy";
        if (Header(response, "X-Frame-Options") != "DENY")
            yield return "X-Frame-Options";
    }

    private static string Csp(HttpResponseMessage response) => Header(response, "Content-Security-Policy") ?? "";

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var v) || response.Content.Headers.TryGetValues(name, out v) ? string.Join(",", v) : null;

    private static List<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var v) ? [.. v] : [];
}

/// <summary>A server behind a proxy at 10.0.0.5 that the operator listed as trusted.</summary>
public sealed class TrustedProxyAppFactory : NereidAppFactory
{
    public const string ProxyAddress = "10.0.0.5";

    public TrustedProxyAppFactory() => With("Nereid:Security:TrustedProxies:0", ProxyAddress);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // TestServer has no socket; every request arrives "from" the proxy.
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new FromProxy()));
    }

    private sealed class FromProxy : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((ctx, n) =>
            {
                ctx.Connection.RemoteIpAddress = IPAddress.Parse(ProxyAddress);
                return n(ctx);
            });
            next(app);
        };
    }
}

public sealed class TrustedProxyTests(TrustedProxyAppFactory app) : IClassFixture<TrustedProxyAppFactory>
{
    [Fact]
    public async Task Hsts_HttpsFromTrustedProxy_IsSentAndCookiesAreSecure()
    {
        using var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");

        using var response = await http.SendAsync(request);

        response.Headers.GetValues("Strict-Transport-Security").ShouldBe(["max-age=31536000"]);
        response.Headers.GetValues("Set-Cookie").ShouldAllBe(c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Hsts_PlainHttpFromTrustedProxy_IsNotSent()
    {
        using var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await http.GetAsync("/login");

        response.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
        SecurityHeadersTests.Missing(response).ShouldBeEmpty();
    }
}
