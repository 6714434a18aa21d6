using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
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
        Action<OidcHandlerOptions>? configureHandler = null)
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
        services.TryAddSingleton<IdTokenValidator>();

        foreach (var issuer in options.Issuers)
        {
            builder.AddOAuth<OidcHandlerOptions, OidcHandler>(issuer.SchemeName, issuer.DisplayName ?? issuer.Name, o =>
            {
                o.IssuerName = issuer.Name;
                o.ErrorPath = options.ErrorPath;
                o.SignInScheme = options.SignInScheme;
                o.ClientId = issuer.ClientId;
                o.ClientSecret = issuer.ClientSecret ?? "";
                o.CallbackPath = issuer.EffectiveCallbackPath();
                o.CallUserInfo = issuer.CallUserInfo;
                o.UsePkce = true;
                o.BackchannelTimeout = options.BackchannelTimeout;
                // Endpoints come from discovery at challenge time; these placeholders are never called.
                o.AuthorizationEndpoint = issuer.NormalizedAuthority;
                o.TokenEndpoint = issuer.NormalizedAuthority;
                o.Scope.Clear();
                foreach (var scope in issuer.EffectiveScopes())
                {
                    o.Scope.Add(scope);
                }
                o.SaveTokens = false;
                // Lax is enough for the query response mode (a top-level GET back to us) and survives more browsers than None.
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.Events = new OAuthEvents { OnRemoteFailure = OidcRemoteFailure.RedirectToErrorPathAsync };
                configureHandler?.Invoke(o);
            });
        }
        builder.AddScheme<OidcBearerOptions, OidcBearerHandler>(OidcBearerHandler.SchemeName, "OIDC bearer token", _ => { });
        return builder;
    }
}
