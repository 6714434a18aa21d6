using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Nereid.Server.Provider.ApiAccess;

/// <summary>
/// <c>/api/v1</c> accepts access tokens Nereid issued for <see cref="ApiScope"/>: OpenIddict's validation handler, in
/// process against the local server (<c>UseLocalServer</c>), with every token checked against its database entry and
/// its grant's, so a revocation (by the client, by reuse detection, or by the person on their profile) takes effect at once.
/// </summary>
internal static class ApiAccessExtensions
{
    public static OpenIddictBuilder AddNereidApiAccess(this OpenIddictBuilder openIddict)
    {
        ArgumentNullException.ThrowIfNull(openIddict);
        openIddict.AddValidation(o =>
        {
            o.UseLocalServer();
            o.UseAspNetCore();
            o.AddAudiences(ApiScope.Audience);
            o.EnableTokenEntryValidation();
            o.EnableAuthorizationEntryValidation();
            o.AddEventHandler(ValidationKeysFromCache.Descriptor);
        });
        return openIddict;
    }

    public static AuthenticationBuilder AddNereidIssuedTokens(this AuthenticationBuilder authentication) =>
        authentication.AddScheme<AuthenticationSchemeOptions, IssuedTokenAuthenticationHandler>(IssuedTokenAuthenticationHandler.SchemeName, null);
}
