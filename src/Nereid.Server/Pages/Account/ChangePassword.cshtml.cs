using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Accounts;
using Nereid.Server.Auth;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Account;

/// <summary>A signed-in person with a local account changes their password (the current one is required).</summary>
[Authorize]
internal sealed class ChangePasswordModel(PasswordService passwords) : NereidPageModel
{
    [BindProperty]
    public ChangePasswordInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!string.Equals(Input.NewPassword, Input.ConfirmPassword, StringComparison.Ordinal))
        {
            ModelState.AddModelError("Input.ConfirmPassword", "The two passwords differ.");
            var invalid = Page();
            invalid.StatusCode = StatusCodes.Status400BadRequest;
            return invalid;
        }
        Guid? session = Guid.TryParse(User.FindFirst(SessionStore.SessionClaim)?.Value, out var id) ? id : null;
        return await ChangeAsync(async () =>
        {
            await passwords.ChangeAsync(Actor!, session, Input.CurrentPassword, Input.NewPassword, ct);
            return Done("Your password was changed; your other sessions were signed out.", "/profile");
        }, () => Task.CompletedTask, "Input", typeof(ChangePasswordInput));
    }
}

/// <summary>Current password and the new one, twice.</summary>
internal sealed class ChangePasswordInput
{
    [DataType(DataType.Password)]
    [Display(Name = "Current password")]
    public string? CurrentPassword { get; set; }

    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string? NewPassword { get; set; }

    [DataType(DataType.Password)]
    [Display(Name = "New password again")]
    public string? ConfirmPassword { get; set; }
}
