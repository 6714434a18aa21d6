using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.RateLimiting;
using Nereid.Identity;
using Nereid.Server.Identity;
using Nereid.Server.Provider.ApiAccess;

namespace Nereid.Server.Auth;

internal static class AuthServiceExtensions
{
    public const string LoginRateLimit = "login";
    public const string RegisterRateLimit = "register";

    /// <summary>Short-lived cookie carrying a provider identity from the OIDC callback to <c>/login/external</c>.</summary>
    public const string ExternalScheme = "nereid-external";

    /// <summary>Cookie sessions for the browser, personal access tokens for scripts, one policy scheme choosing between them.</summary>
    public static IHostApplicationBuilder AddNereidAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SessionCache>();
        services.AddScoped<SessionStore>();
        services.AddScoped<LocalAccountService>();
        services.AddSingleton<IPasswordHashing, PasswordHashing>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<BootstrapAdmin>();

        services.AddAuthentication(NereidClaims.Scheme)
            .AddPolicyScheme(NereidClaims.Scheme, "Nereid", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(NereidClaims.TokenScheme, null)
            .AddScheme<AuthenticationSchemeOptions, OidcPersonAuthenticationHandler>(OidcPersonAuthenticationHandler.SchemeName, null)
            .AddNereidIssuedTokens()
            .AddCookie(ExternalScheme, o =>
            {
                o.Cookie.Name = "nereid.external";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(10);
                o.SlidingExpiration = false;
            })
            .AddNereidOidc(builder.Configuration, o => o.SignInScheme = ExternalScheme,
                o => o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest)
            .AddCookie(NereidClaims.CookieScheme, o =>
            {
                o.Cookie.Name = "nereid";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/denied";
                o.SlidingExpiration = false;
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = ValidateSessionAsync,
                    OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden),
                };
            });
        services.AddAuthorization();

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            o.AddPolicy(LoginRateLimit, ctx => AttemptsPerAddress(ctx, LoginRateLimit, a => a.LoginAttemptsPerMinute));
            o.AddPolicy(RegisterRateLimit, ctx => AttemptsPerAddress(ctx, RegisterRateLimit, a => a.RegistrationAttemptsPerMinute));
        });
        return builder;
    }

    /// <summary>
    /// A budget of attempts per client address: only POSTs count (loading or reloading the form costs nothing), and each
    /// policy has its own, so signing up does not use up sign-in attempts.
    /// </summary>
    private static RateLimitPartition<string> AttemptsPerAddress(HttpContext ctx, string policy, Func<AuthOptions, int> limit)
    {
        if (!HttpMethods.IsPost(ctx.Request.Method))
            return RateLimitPartition.GetNoLimiter("");
        return RateLimitPartition.GetFixedWindowLimiter(policy + ":" + (ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown"), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit(ctx.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }

    /// <summary>
    /// JWTs (three dot-separated parts) Nereid issued go to its own access-token scheme, other JWTs to the upstream OIDC
    /// scheme, other bearer tokens (<c>nrd_…</c>) to personal access tokens, the rest to the cookie.
    /// </summary>
    private static string SelectScheme(HttpContext ctx)
    {
        return BearerTokens.Classify(ctx.Request, out var token) switch
        {
            BearerKind.None => NereidClaims.CookieScheme,
            BearerKind.Opaque => NereidClaims.TokenScheme,
            _ => IssuedTokenRouting.IsNereidIssued(ctx, token) ? IssuedTokenAuthenticationHandler.SchemeName : OidcPersonAuthenticationHandler.SchemeName,
        };
    }

    /// <summary>Swaps the cookie's ids-only principal for one carrying the person's current name and tier, or ends the session.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext ctx)
    {
        if (!Guid.TryParse(ctx.Principal?.FindFirstValue(SessionStore.SessionClaim), out var sessionId))
        {
            ctx.RejectPrincipal();
            return;
        }
        var store = ctx.HttpContext.RequestServices.GetRequiredService<SessionStore>();
        Actor? actor;
        try
        {
            actor = await store.ValidateAsync(sessionId, ctx.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (Outages.DependencyOutage.IsDatabaseUnavailable(ex))
        {
            // Fail closed without throwing (this also runs for the error page): nobody is signed in for this request, the
            // cookie stays for when the database is back, and the request gets the outage answer instead of a login page.
            ctx.RejectPrincipal();
            Outages.OutageMiddleware.MarkSignInUnchecked(ctx.HttpContext, Outages.DependencyOutage.Database);
            return;
        }
        if (actor is null)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(NereidClaims.CookieScheme);
            return;
        }
        ctx.ReplacePrincipal(NereidClaims.ToPrincipal(actor, "session", [new Claim(SessionStore.SessionClaim, sessionId.ToString())]));
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
