using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Nereid.Server.Provider;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;

namespace Nereid.Server.Tests.Provider;

/// <summary>
/// OpenIddict's server sees every request but those to the REST API; its validation sees every request but those to the
/// REST API without a bearer JWT (the only ones its scheme can be asked to authenticate).
/// </summary>
public sealed class ApiRequestSchemesTests
{
    private static async Task<string[]> RequestHandlersAsync(string? path, string? authorization = null)
    {
        var options = new AuthenticationOptions();
        // As OpenIddict registers them: both handlers are request handlers, so the middleware offers them every request.
        options.AddScheme(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, s => s.HandlerType = typeof(OpenIddictServerAspNetCoreHandler));
        options.AddScheme(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme, s => s.HandlerType = typeof(OpenIddictValidationAspNetCoreHandler));
        var http = new HttpContextAccessor();
        if (path is not null)
            http.HttpContext = new DefaultHttpContext { Request = { Path = path } };
        if (http.HttpContext is not null && authorization is not null)
            http.HttpContext.Request.Headers.Authorization = authorization;
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
    public async Task GetRequestHandlerSchemesAsync_ApiRequestWithBearerJwt_LeavesOutOnlyTheServer(string path) =>
        Assert.Equal([OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme], await RequestHandlersAsync(path, "Bearer eyJh.eyJp.c2ln"));

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer nrd_0123456789abcdef")]
    [InlineData("Bearer opaque-token")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer a.b")]
    public async Task GetRequestHandlerSchemesAsync_ApiRequestWithoutBearerJwt_LeavesOutBoth(string? authorization) =>
        Assert.Empty(await RequestHandlersAsync("/api/v1/sessions/options", authorization));

    [Fact]
    public async Task GetRequestHandlerSchemesAsync_RequestsTakeTurns_EachGetsItsOwnSet()
    {
        var options = new AuthenticationOptions();
        options.AddScheme(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, s => s.HandlerType = typeof(OpenIddictServerAspNetCoreHandler));
        options.AddScheme(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme, s => s.HandlerType = typeof(OpenIddictValidationAspNetCoreHandler));
        var http = new HttpContextAccessor();
        var schemes = new ApiRequestSchemes(Options.Create(options), http);
        async Task<string[]> For(string path, string authorization)
        {
            http.HttpContext = new DefaultHttpContext { Request = { Path = path, Headers = { Authorization = authorization } } };
            return [.. (await schemes.GetRequestHandlerSchemesAsync()).Select(s => s.Name)];
        }

        // One provider serves every request: the lists it keeps are per scheme set, the choice among them per request.
        Assert.Empty(await For("/api/v1/me", "Bearer nrd_0123456789abcdef"));
        Assert.Equal([OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme], await For("/api/v1/me", "Bearer eyJh.eyJp.c2ln"));
        Assert.Equal(2, (await For("/connect/token", "")).Length);
        Assert.Empty(await For("/api/v1/me", ""));
    }

    [Theory]
    [InlineData("/connect/token")]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/apis")]
    [InlineData("/")]
    [InlineData(null)]
    public async Task GetRequestHandlerSchemesAsync_ProviderPageOrNoRequest_OffersBoth(string? path) =>
        Assert.Equal([OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme],
            await RequestHandlersAsync(path, "Bearer nrd_0123456789abcdef"));
}
