using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Nereid.Server.Auth;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Account;

/// <summary>Password sign-in for local accounts; external identity providers plug into <c>_ExternalLogins</c>.</summary>
[AllowAnonymous]
[EnableRateLimiting(AuthServiceExtensions.LoginRateLimit)]
public sealed partial class LoginModel(LocalAccountService accounts, SessionStore sessions, IOptions<AuthOptions> options,
    ILogger<LoginModel> logger) : NereidPageModel
{
    /// <summary>The one answer for unknown users, wrong passwords and locked accounts, so none can be told apart.</summary>
    public const string FailedMessage = "The user name or password is not right.";

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool AllowSignUp => options.Value.AllowLocalSignUp;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
            return Page();
        var person = await accounts.CheckPasswordAsync(Input.UserName, Input.Password, ct);
        if (person is null)
        {
            LogFailed(logger);
            Problem = FailedMessage;
            var page = Page();
            page.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }
        var principal = await sessions.StartAsync(person, "local", ct);
        await HttpContext.SignInAsync(NereidClaims.CookieScheme, principal);
        return LocalRedirect(SafeReturnUrl(ReturnUrl, Url));
    }

    /// <summary>Only local paths are followed after sign-in; anything else (other hosts, //evil) goes home.</summary>
    public static string SafeReturnUrl(string? returnUrl, IUrlHelper url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : "/";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Password sign-in refused")]
    private static partial void LogFailed(ILogger logger);
}

/// <summary>The sign-in form.</summary>
public sealed class LoginInput
{
    [Required(ErrorMessage = "Enter your user name.")]
    [Display(Name = "User name")]
    public string? UserName { get; set; }

    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }
}
