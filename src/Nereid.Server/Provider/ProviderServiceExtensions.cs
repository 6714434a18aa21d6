using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Server.Api;
using Nereid.Server.Provider.ApiAccess;
using Nereid.Server.Provider.Keys;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nereid.Server.Provider;

/// <summary>
/// Registration of Nereid's own OpenID provider (capability C16) on OpenIddict: EF Core stores in
/// <see cref="NereidDbContext"/> (tables from M0009), so every replica sees the same clients, grants and tokens;
/// keys from the database, rotated on a schedule (<see cref="SigningKeyCache"/>, <see cref="KeyRotationService"/>); discovery, JWKS, the token, device, revocation and end-session endpoints.
/// </summary>
internal static class ProviderServiceExtensions
{
    public static IHostApplicationBuilder AddNereidProvider(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ProviderOptions>().BindConfiguration(ProviderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(sp => new ProviderClock(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<SigningKeyStore>();
        builder.Services.AddSingleton<SigningKeyCache>();
        builder.Services.AddSingleton<IOptionsChangeTokenSource<OpenIddictServerOptions>>(sp => sp.GetRequiredService<SigningKeyCache>());
        // Both are built from the keys (validation copies the server's): a build that failed in an outage is not kept.
        builder.Services.AddSingleton<IOptionsMonitorCache<OpenIddictServerOptions>, FailureForgettingOptionsCache<OpenIddictServerOptions>>();
        builder.Services.AddSingleton<IOptionsMonitorCache<OpenIddict.Validation.OpenIddictValidationOptions>,
            FailureForgettingOptionsCache<OpenIddict.Validation.OpenIddictValidationOptions>>();
        builder.Services.AddSingleton<KeyRotationService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<KeyRotationService>());
        builder.Services.AddScoped<PersonClaims>();
        builder.Services.AddScoped<ClientRegistry>();
        builder.Services.AddSingleton<EndSessionReturn>();
        builder.Services.AddScoped<Consent.ConsentService>();
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, ProviderKeysConfiguration>();
        // Token lifetimes from the validated options: key retention is computed from the same values.
        builder.Services.AddOptions<OpenIddictServerOptions>().Configure<IOptions<ProviderOptions>>((server, provider) =>
        {
            server.AccessTokenLifetime = provider.Value.AccessTokenLifetime;
            server.IdentityTokenLifetime = provider.Value.IdentityTokenLifetime;
            server.RefreshTokenLifetime = provider.Value.RefreshTokenLifetime;
        });
        var allowHttp = builder.Configuration.GetValue<bool>(ProviderOptions.Section + ":AllowHttp");
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
                // Keys come from the cache at the moment each token is signed or validated (see Keys/).
                o.AddEventHandler(CurrentSigningKey.Descriptor);
                o.AddEventHandler(PublishedValidationKeys.Descriptor);
                // Refresh tokens rotate at every use (OpenIddict's default); an old one used past the leeway revokes the chain.
                o.SetRefreshTokenReuseLeeway(reuseLeeway == TimeSpan.Zero ? null : reuseLeeway);
                var aspNetCore = o.UseAspNetCore().EnableTokenEndpointPassthrough()
                    .EnableAuthorizationEndpointPassthrough().EnableUserInfoEndpointPassthrough()
                    .EnableEndUserVerificationEndpointPassthrough().EnableEndSessionEndpointPassthrough();
                if (allowHttp)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddNereidApiAccess();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<IAuthenticationSchemeProvider, ApiRequestSchemes>();
        return builder;
    }

    /// <summary>Maps the provider's own endpoints (discovery and JWKS are served by OpenIddict's middleware).</summary>
    public static WebApplication MapNereidProvider(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapProviderTokenEndpoint();
        app.MapProviderAuthorizeEndpoint();
        app.MapProviderUserInfoEndpoint();
        app.MapApiGroup().MapProviderClientsApi();
        return app;
    }
}
