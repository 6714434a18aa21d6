using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Server.AspNetCore;

namespace Nereid.Server.Provider;

/// <summary>
/// The schemes the authentication middleware offers every request to, less OpenIddict's server on <c>/api</c>: the
/// provider's endpoints (<c>/connect/*</c>, discovery, JWKS) are all outside it and nothing there authenticates with the
/// server scheme, yet OpenIddict ran its whole request pipeline (endpoint inference, handler lists) on each API call. A
/// profile of <c>/api/v1/sessions/options</c> under load put 13 % of the server's CPU there (issue #12). The validation
/// scheme stays: issued access tokens are checked through it and it needs its request transaction.
/// </summary>
internal sealed class ApiRequestSchemes(IOptions<AuthenticationOptions> options, IHttpContextAccessor http) : AuthenticationSchemeProvider(options)
{
    private Filtered? _filtered;

    /// <inheritdoc />
    public override async Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync()
    {
        var all = await base.GetRequestHandlerSchemesAsync();
        if (http.HttpContext?.Request.Path.StartsWithSegments("/api") != true)
            return all;
        // The base returns the same list until a scheme is added or removed: filter once per list.
        if (Volatile.Read(ref _filtered) is { } kept && ReferenceEquals(kept.All, all))
            return kept.Api;
        var api = all.Where(s => s.Name != OpenIddictServerAspNetCoreDefaults.AuthenticationScheme).ToArray();
        Volatile.Write(ref _filtered, new Filtered(all, api));
        return api;
    }

    // One reference, so a request reads both halves of the same pair.
    private sealed record Filtered(IEnumerable<AuthenticationScheme> All, AuthenticationScheme[] Api);
}
