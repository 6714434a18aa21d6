using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nereid.Data;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.Provider;

/// <summary>
/// Registration of Nereid's own OpenID provider (capability C16) on OpenIddict: EF Core stores in
/// <see cref="NereidDbContext"/> (tables from M0009), so every replica sees the same clients, grants and tokens;
/// keys from the database (<see cref="SigningKeyRing"/>); discovery, JWKS, the token, device, revocation and end-session endpoints.
/// </summary>
internal static class ProviderServiceExtensions
{
    public static IHostApplicationBuilder AddNereidProvider(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ProviderOptions>().BindConfiguration(ProviderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SigningKeyRing>();
        builder.Services.AddScoped<PersonClaims>();
        builder.Services.AddScoped<ClientRegistry>();
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, ProviderKeysConfiguration>();
        var allowHttp = builder.Configuration.GetValue<bool>(ProviderOptions.Section + ":AllowHttp");
        var accessTokenLifetime = builder.Configuration.GetValue<TimeSpan?>(ProviderOptions.Section + ":AccessTokenLifetime") ?? new ProviderOptions().AccessTokenLifetime;
        var reuseLeeway = builder.Configuration.GetValue<TimeSpan?>(ProviderOptions.Section + ":RefreshTokenReuseLeeway") ?? new ProviderOptions().RefreshTokenReuseLeeway;
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<NereidDbContext>())
            .AddServer(o =>
            {
                o.SetTokenEndpointUris(TokenEndpoint.Path)
                    .SetAuthorizationEndpointUris(AuthorizeEndpoint.Path)
                    .SetUserInfoEndpointUris(UserInfoEndpoint.Path)
                    .SetDeviceAuthorizationEndpointUris(DevicePaths.Authorization)
                    .SetEndUserVerificationEndpointUris(DevicePaths.Verification)
                    .SetRevocationEndpointUris(RevocationPaths.Revocation)
                    .SetEndSessionEndpointUris(EndSessionPaths.EndSession);
                o.AllowClientCredentialsFlow().AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowDeviceAuthorizationFlow();
                // An unregistered post_logout_redirect_uri is dropped (no redirect, a plain signed-out page) rather than refused.
                o.AddEventHandler(UnregisteredPostLogoutRedirect.Descriptor);
                o.RegisterScopes(PersonClaims.SupportedScopes);
                o.RegisterClaims(Claims.Subject, Claims.Name, Claims.PreferredUsername, Claims.Email, PersonClaims.TierClaim, PersonClaims.GroupsClaim);
                // Resource servers (Kubernetes API servers among them) verify access tokens with the JWKS alone.
                o.DisableAccessTokenEncryption();
                o.SetAccessTokenLifetime(accessTokenLifetime);
                // Refresh tokens rotate at every use (OpenIddict's default); an old one used past the leeway revokes the chain.
                o.SetRefreshTokenReuseLeeway(reuseLeeway == TimeSpan.Zero ? null : reuseLeeway);
                var aspNetCore = o.UseAspNetCore().EnableTokenEndpointPassthrough()
                    .EnableAuthorizationEndpointPassthrough().EnableUserInfoEndpointPassthrough()
                    .EnableEndUserVerificationEndpointPassthrough().EnableEndSessionEndpointPassthrough();
                if (allowHttp)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            });
        return builder;
    }

    /// <summary>Maps the provider's own endpoints (discovery and JWKS are served by OpenIddict's middleware).</summary>
    public static WebApplication MapNereidProvider(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapProviderTokenEndpoint();
        app.MapProviderAuthorizeEndpoint();
        app.MapProviderUserInfoEndpoint();
        app.MapGroup("/api/v1").MapProviderClientsApi();
        return app;
    }
}
