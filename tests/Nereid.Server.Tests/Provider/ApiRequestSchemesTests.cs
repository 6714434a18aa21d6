using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Nereid.Server.Provider;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;

namespace Nereid.Server.Tests.Provider;

/// <summary>OpenIddict's server sees every request but those to the REST API; its validation sees all of them.</summary>
public sealed class ApiRequestSchemesTests
{
    private static async Task<string[]> RequestHandlersAsync(string? path)
    {
        var options = new AuthenticationOptions();
        // As OpenIddict registers them: both handlers are request handlers, so the middleware offers them every request.
        options.AddScheme(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, s => s.HandlerType = typeof(OpenIddictServerAspNetCoreHandler));
        options.AddScheme(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme, s => s.HandlerType = typeof(OpenIddictValidationAspNetCoreHandler));
        var http = new HttpContextAccessor();
        if (path is not null)
            http.HttpContext = new DefaultHttpContext { Request = { Path = path } };
        var schemes = new ApiRequestSchemes(Options.Create(options), http);
        // Twice: the second answer comes from the kept filtered list and must be the same.
        var first = (await schemes.GetRequestHandlerSchemesAsync()).Select(s => s.Name).ToArray();
        var second = (await schemes.GetRequestHandlerSchemesAsync()).Select(s => s.Name).ToArray();
        Assert.Equal(first, second);
        return first;
    }

    [Theory]
    [InlineData("/api/v1/sessions/options")]
    [InlineData("/api")]
    public async Task GetRequestHandlerSchemesAsync_ApiRequest_LeavesOutOnlyTheServer(string path) =>
        Assert.Equal([OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme], await RequestHandlersAsync(path));

    [Theory]
    [InlineData("/connect/token")]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/apis")]
    [InlineData("/")]
    [InlineData(null)]
    public async Task GetRequestHandlerSchemesAsync_ProviderPageOrNoRequest_OffersBoth(string? path) =>
        Assert.Equal([OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme],
            await RequestHandlersAsync(path));
}
