using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nereid.Server.FunctionalTests.Infrastructure;
using OpenIddict.Core;
using OpenIddict.Server;
using OpenIddict.Validation;

namespace Nereid.Server.FunctionalTests.Provider.ApiAccess;

/// <summary>
/// The server with OpenIddict's clock (provider and validation) under the test's control; sessions and the key cache keep
/// the real one. Access tokens last a day so a slow machine never sees one expire unasked.
/// </summary>
public sealed class ApiAccessApp : NereidAppFactory
{
    public ApiAccessApp()
    {
        With("Nereid:Provider:AllowHttp", "true");
        With("Nereid:Provider:AccessTokenLifetime", "1.00:00:00");
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.PostConfigure<OpenIddictServerOptions>(o => o.TimeProvider = Clock);
            services.PostConfigure<OpenIddictCoreOptions>(o => o.TimeProvider = Clock);
            services.PostConfigure<OpenIddictValidationOptions>(o => o.TimeProvider = Clock);
        });
    }
}
