using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.Errors;
using Nereid.Server.Accounts;
using Nereid.Server.Pages.Shared;

namespace Nereid.Server.Pages.Account;

/// <summary>The profile's "Withdraw my request" button posts here; the answer is the profile again.</summary>
[Authorize]
internal sealed class WithdrawTierRequestModel(TierRequestWithdrawal withdrawal) : NereidPageModel
{
    public IActionResult OnGet() => LocalRedirect("/profile#tier");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            await withdrawal.WithdrawAsync(Actor!, ct);
        }
        catch (NereidException e) when (e is NotFoundException or ConflictException)
        {
            return StatusPage(StatusOf(e), e.Message);
        }
        return Done("Your tier request was withdrawn; you can ask again at any time.", "/profile#tier");
    }
}
