using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Nereid.Identity.Oidc;
using Nereid.Server.Auth;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Account;

/// <summary>Password sign-in for local accounts; external identity providers plug into <c>_ExternalLogins</c>.</summary>
[AllowAnonymous]
[EnableRateLimiting(AuthServiceExtensions.LoginRateLimit)]
internal sealed partial class LoginModel(LocalAccountService accounts, SessionStore sessions, SignInThrottle throttle, IOptions<AuthOptions> options,
    IOptions<NereidOidcOptions> oidc, ILogger<LoginModel> logger) : NereidPageModel
{
    /// <summary>The one answer for unknown users, wrong passwords and locked accounts, so none can be told apart.</summary>
    public const string FailedMessage = "The user name or password is not right.";

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>A failed federated login's code (<see cref="OidcFailureCodes"/>), shown as a sentence.</summary>
    [BindProperty(SupportsGet = true, Name = "error")]
    public string? Error { get; set; }

    public bool AllowSignUp => options.Value.AllowLocalSignUp;

    /// <summary>The identity providers offered as buttons.</summary>
    public IReadOnlyList<OidcIssuerOptions> Providers => oidc.Value.Issuers;

    public void OnGet()
    {
        if (!string.IsNullOrEmpty(Error))
            Problem = OidcFailureCodes.Describe(Error);
    }

    /// <summary>Starts a federated login at <paramref name="provider"/>; the provider comes back to <c>/login/external</c>.</summary>
    public IActionResult OnPostExternal(string? provider)
    {
        if (Providers.FirstOrDefault(p => p.Name == provider) is not { } issuer)
            return LocalRedirect("/login?error=" + OidcFailureCodes.UnknownIssuer);
        var properties = new AuthenticationProperties
        {
            RedirectUri = Url.Page("/Account/LoginExternal", new { returnUrl = SafeReturnUrl(ReturnUrl, Url) }),
        };
        properties.Items[LoginExternalModel.IntentItem] = LoginExternalModel.SignInIntent;
        return Challenge(properties, issuer.SchemeName);
    }

    internal const string SuspendedMessage = "Your account is suspended; contact the platform administrators.";
    internal const string MergedMessage = "This account was merged into another one; sign in with that account's other sign-in methods.";

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
            return Page();
        if (throttle.TryAttempt(Input.UserName) is { } retryAfter)
        {
            Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return StatusPage(StatusCodes.Status429TooManyRequests, "Too many sign-in attempts for this account; wait a minute and try again.");
        }
        var person = await accounts.CheckPasswordAsync(Input.UserName, Input.Password, ct);
        if (person is null)
        {
            LogFailed(logger);
            Problem = FailedMessage;
            var page = Page();
            page.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }
        // Said only after the password proved who is asking, so it reveals nothing to a stranger.
        if (person.IsSuspended)
            return StatusPage(StatusCodes.Status403Forbidden, SuspendedMessage);
        if (person.IsMerged)
            return StatusPage(StatusCodes.Status403Forbidden, MergedMessage);
        var principal = await sessions.StartAsync(person, "local", ct);
        await HttpContext.SignInAsync(NereidClaims.CookieScheme, principal);
        return LocalRedirect(SafeReturnUrl(ReturnUrl, Url));
    }

    /// <summary>Only local paths are followed after sign-in; anything else (other hosts, //evil) or nothing goes to the home page.</summary>
    public static string SafeReturnUrl(string? returnUrl, IUrlHelper url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : "/home";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Password sign-in refused")]
    private static partial void LogFailed(ILogger logger);
}

/// <summary>The sign-in form.</summary>
internal sealed class LoginInput
{
    [Required(ErrorMessage = "Enter your user name.")]
    [Display(Name = "User name")]
    public string? UserName { get; set; }

    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }
}
