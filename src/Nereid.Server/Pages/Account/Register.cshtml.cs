using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Nereid.Domain.Errors;
using Nereid.Domain.People;
using Nereid.Server.Auth;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Account;

/// <summary>Self sign-up for a local account (when <see cref="AuthOptions.AllowLocalSignUp"/>); new people start as guests.</summary>
[AllowAnonymous]
[EnableRateLimiting(AuthServiceExtensions.RegisterRateLimit)]
internal sealed class RegisterModel(LocalAccountService accounts, SessionStore sessions, IOptions<AuthOptions> options) : NereidPageModel
{
    [BindProperty]
    public RegisterInput Input { get; set; } = new();

    public IActionResult OnGet() =>
        options.Value.AllowLocalSignUp ? Page() : StatusPage(StatusCodes.Status404NotFound, "This installation does not offer self sign-up; ask a platform admin for an account.");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!options.Value.AllowLocalSignUp)
            return StatusPage(StatusCodes.Status404NotFound, "This installation does not offer self sign-up; ask a platform admin for an account.");
        if (!string.Equals(Input.Password, Input.ConfirmPassword, StringComparison.Ordinal))
            ModelState.AddModelError("Input.ConfirmPassword", "The two passwords differ.");
        if (!ModelState.IsValid)
        {
            var invalid = Page();
            invalid.StatusCode = StatusCodes.Status400BadRequest;
            return invalid;
        }
        return await ChangeAsync(async () =>
        {
            var person = await accounts.CreateAsync(null, Input.UserName, Input.Password, Input.DisplayName, Input.Email, Tier.Guest, ct);
            var principal = await sessions.StartAsync(person, "local", ct);
            await HttpContext.SignInAsync(NereidClaims.CookieScheme, principal);
            return Done("Welcome! Your account is a guest account; request promotion to user below to join namespaces.", "/profile");
        }, () => Task.CompletedTask, "Input", typeof(RegisterInput));
    }
}

/// <summary>The sign-up form.</summary>
internal sealed class RegisterInput
{
    [Display(Name = "User name")]
    public string? UserName { get; set; }

    [Display(Name = "Your name")]
    public string? DisplayName { get; set; }

    [Display(Name = "Email (optional)")]
    public string? Email { get; set; }

    [DataType(DataType.Password)]
    public string? Password { get; set; }

    [DataType(DataType.Password)]
    [Display(Name = "Password again")]
    public string? ConfirmPassword { get; set; }
}
