using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Nereid.Identity.Oidc;

namespace Nereid.Identity;

/// <summary>Registration of Nereid's OIDC relying party.</summary>
public static class IdentityServiceExtensions
{
    /// <summary>
    /// Adds one <c>oidc-&lt;name&gt;</c> browser scheme per issuer in <c>Nereid:Identity:Oidc:Issuers</c> and the
    /// <c>oidc-bearer</c> scheme. The browser schemes sign into <see cref="NereidOidcOptions.SignInScheme"/>, which the
    /// caller must register (e.g. a cookie). <paramref name="configureHandler"/> may adjust each scheme's options
    /// (cookie policies, events) after the defaults are set.
    /// </summary>
    public static AuthenticationBuilder AddNereidOidc(
        this AuthenticationBuilder builder,
        IConfiguration configuration,
        Action<NereidOidcOptions>? configure = null,
        Action<OpenIdConnectOptions>? configureHandler = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        // Schemes must be known at startup, so the options are read once here, validated, and shared as-is.
        var options = configuration.GetSection(NereidOidcOptions.SectionName).Get<NereidOidcOptions>() ?? new NereidOidcOptions();
        configure?.Invoke(options);
        options.Validate();

        var services = builder.Services;
        services.AddSingleton<IOptions<NereidOidcOptions>>(Options.Create(options));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(OidcIssuerRegistry.HttpClientName);
        services.TryAddSingleton<OidcIssuerRegistry>();
        services.TryAddSingleton<IdTokenClaimObservations>();
        // A factory: the constructor takes the internal registry, so it is not public for the container to find.
        services.TryAddSingleton(sp => new OidcUpstreamSignOut(sp.GetRequiredService<OidcIssuerRegistry>(), sp.GetRequiredService<ILogger<OidcUpstreamSignOut>>()));

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        foreach (var issuer in options.Issuers)
        {
            builder.AddRemoteScheme<OpenIdConnectOptions, NereidOpenIdConnectHandler>(issuer.SchemeName, issuer.DisplayName ?? issuer.Name, null);
            services.AddOptions<OpenIdConnectOptions>(issuer.SchemeName)
                .Configure<OidcIssuerRegistry, IdTokenClaimObservations, TimeProvider, ILogger<OidcLoginEvents>>((o, registry, observations, time, logger) =>
                {
                    var configuration = registry.ConfigurationOf(issuer.Name);
                    o.ConfigurationManager = configuration;
                    o.TokenHandler = registry.TokenHandlerOf(issuer.Name);
                    o.Events = new OidcLoginEvents(issuer, observations, time, logger);
                    o.SignInScheme = options.SignInScheme;
                    o.ClientId = issuer.ClientId;
                    o.ClientSecret = issuer.ClientSecret;
                    o.CallbackPath = issuer.EffectiveCallbackPath();
                    // One scheme per issuer: each needs its own sign-out paths, or the first scheme would answer for all.
                    o.SignedOutCallbackPath = issuer.EffectiveCallbackPath() + "/signed-out";
                    o.RemoteSignOutPath = issuer.EffectiveCallbackPath() + "/sign-out";
                    o.ResponseType = OpenIdConnectResponseType.Code;
                    o.ResponseMode = OpenIdConnectResponseMode.Query;
                    o.UsePkce = true;
                    // The authorization request stays a plain redirect (PAR would send the secret in a form the provider may refuse).
                    o.PushedAuthorizationBehavior = PushedAuthorizationBehavior.Disable;
                    o.GetClaimsFromUserInfoEndpoint = issuer.CallUserInfo;
                    o.ClaimActions.Clear();
                    o.MapInboundClaims = false;
                    o.SaveTokens = false;
                    o.BackchannelTimeout = options.BackchannelTimeout;
                    o.RefreshOnIssuerKeyNotFound = true;
                    o.Scope.Clear();
                    foreach (var scope in issuer.EffectiveScopes())
                    {
                        o.Scope.Add(scope);
                    }
                    o.TokenValidationParameters.ValidAudience = issuer.ClientId;
                    o.TokenValidationParameters.ValidAlgorithms = issuer.EffectiveAlgorithms();
                    o.TokenValidationParameters.ClockSkew = issuer.ClockSkew;
                    o.TokenValidationParameters.NameClaimType = ExternalIdentityClaimTypes.Name;
                    o.TokenValidationParameters.RoleClaimType = "role";
                    // Lax is enough for the query response mode (a top-level GET back to us) and survives more browsers than None.
                    o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                    o.NonceCookie.SameSite = SameSiteMode.Lax;
                    configureHandler?.Invoke(o);
                    // The nonce cookie travels with the correlation cookie, so it follows the same secure policy.
                    o.NonceCookie.SecurePolicy = o.CorrelationCookie.SecurePolicy;
                });
        }
        AddBearer(builder, options);
        return builder;
    }

    /// <summary>
    /// <c>oidc-bearer</c>: a policy scheme that forwards to one JwtBearer scheme per issuer, chosen by the token's
    /// unvalidated <c>iss</c> (one JwtBearer scheme cannot tie the audience to the issuer), on the same configuration
    /// and token handler as the issuer's browser scheme, so a key refetch by one serves the other.
    /// </summary>
    private static void AddBearer(AuthenticationBuilder builder, NereidOidcOptions options)
    {
        var services = builder.Services;
        foreach (var issuer in options.Issuers)
        {
            builder.AddJwtBearer(issuer.BearerSchemeName, null, _ => { });
            services.AddOptions<JwtBearerOptions>(issuer.BearerSchemeName)
                .Configure<OidcIssuerRegistry, IdTokenClaimObservations, TimeProvider, ILogger<OidcBearerEvents>>((o, registry, observations, time, logger) =>
                {
                    var configuration = registry.ConfigurationOf(issuer.Name);
                    o.ConfigurationManager = configuration;
                    o.TokenHandlers.Clear();
                    o.TokenHandlers.Add(registry.TokenHandlerOf(issuer.Name));
                    // The token handler already refetched the keys once (rate-limited) before refusing an unknown kid.
                    o.RefreshOnIssuerKeyNotFound = false;
                    o.MapInboundClaims = false;
                    o.SaveToken = false;
                    o.Events = new OidcBearerEvents(configuration, observations, time, logger);
                    o.TokenValidationParameters.ValidAudiences = OidcBearerEvents.AcceptedAudiences(issuer);
                    o.TokenValidationParameters.ValidAlgorithms = issuer.EffectiveAlgorithms();
                    o.TokenValidationParameters.ClockSkew = issuer.ClockSkew;
                    o.TokenValidationParameters.NameClaimType = ExternalIdentityClaimTypes.Name;
                    o.TokenValidationParameters.RoleClaimType = "role";
                });
        }
        builder.AddJwtBearer(OidcBearerDefaults.UnmatchedSchemeName, null, _ => { });
        services.AddOptions<JwtBearerOptions>(OidcBearerDefaults.UnmatchedSchemeName)
            .Configure<IdTokenClaimObservations, TimeProvider, ILogger<OidcBearerEvents>>((o, observations, time, logger) =>
                o.Events = new OidcBearerEvents(null, observations, time, logger));
        builder.AddPolicyScheme(OidcBearerDefaults.SchemeName, "OIDC bearer token", o => o.ForwardDefaultSelector =
            ctx => OidcBearerToken.SelectScheme(ctx, ctx.RequestServices.GetRequiredService<OidcIssuerRegistry>()));
    }
}
