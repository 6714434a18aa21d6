using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nereid.Identity.Oidc;

namespace Nereid.Identity.Tests.Oidc;

/// <summary>
/// A small web app hosting the OIDC handlers the way the portal will: an "external" cookie as sign-in scheme,
/// <c>/challenge/{name}</c> to start a login, <c>/me</c> showing the signed-in external identity, <c>/login</c> showing errors.
/// </summary>
public sealed class LoginTestApp : IAsyncDisposable
{
    public const string ExternalCookie = "nereid-external";
    private readonly WebApplication _app;

    private TaskCompletionSource<string>? _hold;

    private LoginTestApp(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The next callback request is answered with "held" instead of being handled; the task yields its URL.</summary>
    public Task<string> HoldNextCallback()
    {
        var tcs = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _hold = tcs;
        return tcs.Task;
    }

    /// <param name="issuers">Issuer name → issuer URL; every issuer uses the test provider's portal client.</param>
    /// <param name="clientSecret">Secret of the portal client; null registers public clients (PKCE only).</param>
    public static async Task<LoginTestApp> StartAsync(IReadOnlyDictionary<string, string> issuers, string? clientSecret = Nereid.TestSupport.Oidc.OidcProviderServer.PortalClientSecret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("NEREID_TEST_LOG") == "1")
        {
            builder.Logging.AddSimpleConsole();
        }
        var settings = new Dictionary<string, string?>();
        var i = 0;
        foreach (var (name, url) in issuers)
        {
            var prefix = $"{NereidOidcOptions.SectionName}:Issuers:{i++}:";
            settings[prefix + "Name"] = name;
            settings[prefix + "Authority"] = url;
            settings[prefix + "ClientId"] = Nereid.TestSupport.Oidc.OidcProviderServer.PortalClientId;
            settings[prefix + "ClientSecret"] = clientSecret;
            settings[prefix + "Scopes:0"] = "openid";
            settings[prefix + "Scopes:1"] = "profile";
            settings[prefix + "Scopes:2"] = "email";
            settings[prefix + "Scopes:3"] = "org.cilogon.userinfo";
        }
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddAuthentication(ExternalCookie)
            .AddCookie(ExternalCookie, o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest)
            .AddNereidOidc(builder.Configuration, configureHandler: o => o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        builder.Services.AddAuthorization();
        var app = builder.Build();
        var instance = new LoginTestApp(app);
        // Lets a test stop the provider's redirect before the handler consumes it (browsers' request
        // interception does not see redirects), so the test can replay or alter the callback.
        app.Use(async (ctx, next) =>
        {
            var hold = Interlocked.Exchange(ref instance._hold, null);
            if (hold is not null && ctx.Request.Path.StartsWithSegments("/signin-oidc"))
            {
                hold.TrySetResult(instance.BaseUrl + ctx.Request.Path + ctx.Request.QueryString);
                await ctx.Response.WriteAsync("held");
                return;
            }
            if (hold is not null)
            {
                Interlocked.CompareExchange(ref instance._hold, hold, null);
            }
            await next();
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/challenge/{name}", (string name) => Results.Challenge(new AuthenticationProperties { RedirectUri = "/me" }, ["oidc-" + name]));
        app.MapGet("/me", async (HttpContext ctx) =>
        {
            var result = await ctx.AuthenticateAsync(ExternalCookie);
            var identity = result.Succeeded ? ExternalIdentity.FromPrincipal(result.Principal!) : null;
            return identity is null ? Results.Text("anonymous") : Results.Json(identity with { Claims = new Dictionary<string, string>() });
        });
        app.MapGet("/login", (string? error) => Results.Text("login page; error=" + error + "; " + OidcFailureCodes.Describe(error)));
        app.MapGet("/api/me", (HttpContext ctx) => Results.Json(ExternalIdentity.FromPrincipal(ctx.User)?.Subject))
            .RequireAuthorization(p => p.AddAuthenticationSchemes(OidcBearerDefaults.SchemeName).RequireAuthenticatedUser());
        await app.StartAsync();
        instance.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return instance;
    }

    /// <summary>A loopback URL nobody listens on (the port was free a moment ago).</summary>
    public static string UnreachableUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
