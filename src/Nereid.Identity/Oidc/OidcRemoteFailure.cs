using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

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
        var errorPath = context.HttpContext.RequestServices.GetRequiredService<IOptions<NereidOidcOptions>>().Value.ErrorPath;
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
        if (failure is SecurityTokenException)
        {
            return OidcTokenFailures.Classify(failure).Code;
        }
        if (failure is OpenIdConnectProtocolInvalidNonceException)
        {
            return OidcFailureCodes.NonceMismatch;
        }
        if (failure?.Data["error"] is string providerError)
        {
            return providerError == "access_denied" ? OidcFailureCodes.AccessDenied : OidcFailureCodes.ProviderError;
        }
        // The framework reports these with fixed messages and no type of their own.
        return failure?.Message switch
        {
            "OpenIdConnectAuthenticationHandler: message.State is null or empty." => OidcFailureCodes.StateInvalid,
            "OpenIdConnectAuthenticationHandler: message.State is invalid." => OidcFailureCodes.StateInvalid,
            "Unable to unprotect the message.State." => OidcFailureCodes.StateInvalid,
            "Correlation failed." => OidcFailureCodes.CorrelationFailed,
            // IDX21334: the authorization response carries neither code nor ID token.
            string m when m.StartsWith("IDX21334:", StringComparison.Ordinal) => OidcFailureCodes.MissingCode,
            string m when m.StartsWith("Access was denied", StringComparison.Ordinal) => OidcFailureCodes.AccessDenied,
            _ => OidcFailureCodes.LoginFailed,
        };
    }

    public static string ErrorUrl(string errorPath, string code) => QueryHelpers.AddQueryString(errorPath, "error", code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC login via {Scheme} failed ({Code}): {Reason}")]
    private static partial void LogLoginFailed(ILogger logger, string scheme, string code, string reason);
}
