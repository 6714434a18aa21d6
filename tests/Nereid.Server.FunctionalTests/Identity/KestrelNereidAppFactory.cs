using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Identity;

/// <summary>
/// The real server on a real loopback port (Chromium cannot reach TestServer), with fixed cluster connections and a
/// switch that holds the next OIDC callback so a test can tamper with it before the handler sees it.
/// </summary>
public sealed class KestrelNereidAppFactory : NereidAppFactory
{
    private readonly IClusterConnections _clusters;
    private TaskCompletionSource<string>? _hold;
    private Action<IServiceCollection>? _services;

    internal KestrelNereidAppFactory(IClusterConnections clusters)
    {
        _clusters = clusters;
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>http://127.0.0.1:port, without a trailing slash (valid after <see cref="Start"/>).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Extra service registrations for a test class (before <see cref="Start"/>).</summary>
    public KestrelNereidAppFactory WithServices(Action<IServiceCollection> configure)
    {
        _services += configure;
        return this;
    }

    public void Start()
    {
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        ClientOptions.BaseAddress = new Uri(BaseUrl);
    }

    /// <summary>Clients the factory makes talk to the Kestrel address (the default, http://localhost, is nothing here).</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (BaseUrl.Length > 0)
            client.BaseAddress = new Uri(BaseUrl);
    }

    /// <summary>The next <c>/signin-oidc/*</c> request is answered "held" instead of being handled; the task yields its URL.</summary>
    public Task<string> HoldNextCallback()
    {
        var tcs = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _hold = tcs;
        return tcs.Task;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IClusterConnections>();
            services.AddSingleton(_clusters);
            services.AddSingleton<IStartupFilter>(new HoldFilter(this));
            _services?.Invoke(services);
        });
    }

    private sealed class HoldFilter(KestrelNereidAppFactory factory) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (ctx, nextMiddleware) =>
            {
                if (ctx.Request.Path.StartsWithSegments("/signin-oidc") && Interlocked.Exchange(ref factory._hold, null) is { } hold)
                {
                    hold.TrySetResult(factory.BaseUrl + ctx.Request.Path + ctx.Request.QueryString);
                    await ctx.Response.WriteAsync("held");
                    return;
                }
                await nextMiddleware();
            });
            next(app);
        };
    }
}
