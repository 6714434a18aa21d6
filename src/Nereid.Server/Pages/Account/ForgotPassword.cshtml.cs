using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Nereid.Server.Accounts;
using Nereid.Server.Auth;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Account;

/// <summary>Asks for a password reset link; does the same work and answers the same whether or not the account exists.</summary>
[AllowAnonymous]
[EnableRateLimiting(AuthServiceExtensions.LoginRateLimit)]
internal sealed class ForgotPasswordModel(ResetMailQueue resets, AccountMailer mailer) : NereidPageModel
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

    public IActionResult OnPost()
    {
        if (!Available)
            return Page();
        // Only queued: looking the account up and mailing happen in the background, so this request does the same work
        // and answers the same whether or not the account exists.
        resets.Enqueue(Login);
        Sent = true;
        return Page();
    }
}
