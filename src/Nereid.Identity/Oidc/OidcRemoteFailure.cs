using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nereid.Identity.Oidc;

/// <summary>
/// Default <c>OnRemoteFailure</c> of the browser schemes: log the reason, redirect to
/// <c>&lt;ErrorPath&gt;?error=&lt;code&gt;</c>, and stop (no exception page, no sign-in).
/// </summary>
internal static partial class OidcRemoteFailure
{
    /// <summary>Redirects the failed login to the error path with a code from <see cref="FailureCode"/>.</summary>
    public static Task RedirectToErrorPathAsync(RemoteFailureContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var code = FailureCode(context.Failure);
        var errorPath = (context.Options as OidcHandlerOptions)?.ErrorPath ?? "/login";
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcRemoteFailure));
        LogLoginFailed(logger, context.Scheme.Name, code, context.Failure?.Message ?? "");
        context.Response.Redirect(ErrorUrl(errorPath, code));
        context.HandleResponse();
        return Task.CompletedTask;
    }

    /// <summary>Maps a remote-authentication failure to one of <see cref="OidcFailureCodes"/>.</summary>
    public static string FailureCode(Exception? failure)
    {
        if (failure is OidcAuthenticationException oidc)
        {
            return oidc.Code;
        }
        if (failure?.Data["error"] is string providerError)
        {
            return providerError == "access_denied" ? OidcFailureCodes.AccessDenied : OidcFailureCodes.ProviderError;
        }
        // The framework reports these with fixed messages and no type of their own.
        return failure?.Message switch
        {
            "The oauth state was missing or invalid." => OidcFailureCodes.StateInvalid,
            "Correlation failed." => OidcFailureCodes.CorrelationFailed,
            "Code was not found." => OidcFailureCodes.MissingCode,
            string m when m.StartsWith("Access was denied", StringComparison.Ordinal) => OidcFailureCodes.AccessDenied,
            _ => OidcFailureCodes.LoginFailed,
        };
    }

    public static string ErrorUrl(string errorPath, string code) => QueryHelpers.AddQueryString(errorPath, "error", code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC login via {Scheme} failed ({Code}): {Reason}")]
    private static partial void LogLoginFailed(ILogger logger, string scheme, string code, string reason);
}
