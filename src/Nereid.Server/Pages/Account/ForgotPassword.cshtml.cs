using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Nereid.Server.Accounts;
using Nereid.Server.Auth;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Account;

/// <summary>Asks for a password reset link; answers the same whether or not the account exists.</summary>
[AllowAnonymous]
[EnableRateLimiting(AuthServiceExtensions.LoginRateLimit)]
internal sealed class ForgotPasswordModel(PasswordService passwords, AccountMailer mailer) : NereidPageModel
{
    /// <summary>The one answer to every request, so it tells nobody which accounts exist.</summary>
    public const string SentMessage = "If that is the user name or email of an account with an email address, a link to choose a new password is on its way. Check your inbox.";

    [BindProperty]
    [Display(Name = "User name or email")]
    public string? Login { get; set; }

    public bool Available => mailer.IsConfigured;
    public string Missing => mailer.MissingSettings;
    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Available)
            return Page();
        await passwords.RequestResetAsync(Login, ct);
        Sent = true;
        return Page();
    }
}
