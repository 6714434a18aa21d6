using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Nereid.Server.Auth;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;

namespace Nereid.Server.Provider;

/// <summary>
/// The schemes the authentication middleware offers every request to, less OpenIddict's two on <c>/api</c> where they
/// have nothing to do. The server's: the provider's endpoints (<c>/connect/*</c>, discovery, JWKS) are all outside
/// <c>/api</c> and nothing there authenticates with the server scheme, yet OpenIddict ran its whole request pipeline
/// (endpoint inference, handler lists) on each API call — 13 % of the server's CPU on <c>/api/v1/sessions/options</c>
/// under load (issue #12). The validation scheme's: it is only ever authenticated by the issued-token scheme, which
/// only a bearer JWT reaches (<see cref="BearerTokens"/>), and it needs its request transaction then; for a personal
/// access token or a cookie it only cost a dispatch through its handler lists (2.7 % of that profile).
/// </summary>
internal sealed class ApiRequestSchemes(IOptions<AuthenticationOptions> options, IHttpContextAccessor http) : AuthenticationSchemeProvider(options)
{
    private Filtered? _filtered;

    /// <inheritdoc />
    public override async Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync()
    {
        var all = await base.GetRequestHandlerSchemesAsync();
        var request = http.HttpContext?.Request;
        if (request?.Path.StartsWithSegments("/api") != true)
            return all;
        // The base returns the same list until a scheme is added or removed: filter once per list.
        if (Volatile.Read(ref _filtered) is not { } kept || !ReferenceEquals(kept.All, all))
        {
            kept = new Filtered(all,
                [.. all.Where(s => s.Name != OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)],
                [.. all.Where(s => s.Name is not OpenIddictServerAspNetCoreDefaults.AuthenticationScheme and not OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)]);
            Volatile.Write(ref _filtered, kept);
        }
        return BearerTokens.Classify(request, out _) == BearerKind.Jwt ? kept.ApiWithJwt : kept.Api;
    }

    // One reference, so a request reads a consistent set.
    private sealed record Filtered(IEnumerable<AuthenticationScheme> All, AuthenticationScheme[] ApiWithJwt, AuthenticationScheme[] Api);
}
