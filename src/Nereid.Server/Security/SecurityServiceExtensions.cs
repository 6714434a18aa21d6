using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Nereid.Server.Security;

/// <summary>Registration and pipeline steps of the browser-side defences.</summary>
internal static class SecurityServiceExtensions
{
    /// <summary>Security options, the header writer, forwarded-header trust and cookie policies.</summary>
    public static IHostApplicationBuilder AddNereidSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SecurityHeaders>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<SecurityOptions>>((f, s) =>
        {
            f.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only what the operator listed: the framework's default trusts loopback, which a sidecar could abuse.
            f.KnownProxies.Clear();
            f.KnownIPNetworks.Clear();
            foreach (var ip in s.Value.TrustedProxies)
                f.KnownProxies.Add(IPAddress.Parse(ip));
            foreach (var net in s.Value.TrustedNetworks)
                f.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(net));
        });
        // Secure whenever the request is HTTPS; the headers middleware replaces the X-Frame-Options antiforgery added to some responses only.
        services.PostConfigure<AntiforgeryOptions>(o =>
        {
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            o.SuppressXFrameOptionsHeader = true;
        });
        services.PostConfigure<CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    /// <summary>First in the pipeline: believes forwarded headers only from trusted proxies, then sets the headers on every response.</summary>
    public static WebApplication UseNereidSecurity(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (options.TrustedProxies.Count > 0 || options.TrustedNetworks.Count > 0)
            app.UseForwardedHeaders();
        var headers = app.Services.GetRequiredService<SecurityHeaders>();
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                headers.Apply(context);
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
