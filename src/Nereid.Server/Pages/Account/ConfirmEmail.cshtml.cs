using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Accounts;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Account;

/// <summary>Confirms a new email address through the single-use link mailed to it.</summary>
[AllowAnonymous]
internal sealed class ConfirmEmailModel(ProfileEditService profiles) : NereidPageModel
{
    public const string BrokenLinkMessage = "This link does not work any more: it was already used, has expired, or was not copied whole.";

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    /// <summary>The address the link confirms; null when the link does not work.</summary>
    public string? Address { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Address = await profiles.PendingAddressAsync(Token, ct);
        var page = Page();
        if (Address is null)
            page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        ChangeAsync(async () =>
        {
            if (await profiles.ConfirmEmailAsync(Token, ct) is { } mail)
                return Done($"Your email address is now {mail}.", User.Identity?.IsAuthenticated == true ? "/profile" : "/login");
            var broken = Page();
            broken.StatusCode = StatusCodes.Status400BadRequest;
            return broken;
        }, () => Task.CompletedTask);
}
