using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Nereid.Server.Accounts;
using Nereid.Server.Auth;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Account;

/// <summary>Sets a new password through a mailed single-use link.</summary>
[AllowAnonymous]
[EnableRateLimiting(AuthServiceExtensions.LoginRateLimit)]
internal sealed class ResetPasswordModel(PasswordService passwords) : NereidPageModel
{
    public const string BrokenLinkMessage = "This link does not work any more: it was already used, has expired, or was not copied whole.";

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public ResetPasswordInput Input { get; set; } = new();

    public bool LinkWorks { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // The secret is in the URL: keep it out of caches and out of the Referer of links on this page.
        Response.Headers.CacheControl = "no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        LinkWorks = await passwords.IsUsableAsync(Token, ct);
        if (LinkWorks)
            return Page();
        var page = Page();
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        LinkWorks = true;
        if (!string.Equals(Input.NewPassword, Input.ConfirmPassword, StringComparison.Ordinal))
        {
            ModelState.AddModelError("Input.ConfirmPassword", "The two passwords differ.");
            var invalid = Page();
            invalid.StatusCode = StatusCodes.Status400BadRequest;
            return invalid;
        }
        return await ChangeAsync(async () =>
        {
            if (await passwords.ResetAsync(Token, Input.NewPassword, ct))
                return Done("Your password was changed and every session signed out. Sign in with the new password.", "/login");
            LinkWorks = false;
            var broken = Page();
            broken.StatusCode = StatusCodes.Status400BadRequest;
            return broken;
        }, () => Task.CompletedTask, "Input", typeof(ResetPasswordInput));
    }
}

/// <summary>The new password, twice.</summary>
internal sealed class ResetPasswordInput
{
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string? NewPassword { get; set; }

    [DataType(DataType.Password)]
    [Display(Name = "New password again")]
    public string? ConfirmPassword { get; set; }
}
