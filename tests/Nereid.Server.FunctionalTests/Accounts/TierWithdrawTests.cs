using System.Net;
using Microsoft.EntityFrameworkCore;
using Nereid.Domain.People;
using Nereid.Domain.Requests;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;

namespace Nereid.Server.FunctionalTests.Accounts;

/// <summary>A requester takes back their pending tier request from the profile and may ask again.</summary>
public sealed class TierWithdrawTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task WithdrawTier_Pending_CancelledAuditedAndCanAskAgain()
    {
        var guest = await app.CreatePersonAsync("tierwd", Tier.Guest);
        using var client = await PageClient.SignInAsync(app, "tierwd", "tierwd-password");
        await client.SubmitAsync("/profile", new() { ["Promotion.Tier"] = "user", ["Promotion.Reason"] = "Coral reef imaging" }, "/profile?handler=Promotion");

        var pending = await client.GetAsync("/profile");
        var withdraw = await client.SubmitAsync("/profile", new(), "/account/withdraw-tier-request");
        var nothingLeft = await client.SubmitAsync("/profile", new(), "/account/withdraw-tier-request");
        var askAgain = await client.SubmitAsync("/profile", new() { ["Promotion.Tier"] = "user", ["Promotion.Reason"] = "Second try" }, "/profile?handler=Promotion");

        pending.Decoded.ShouldContain("Withdraw my request");
        withdraw.Status.ShouldBe(HttpStatusCode.Redirect);
        nothingLeft.Status.ShouldBe(HttpStatusCode.NotFound);
        askAgain.Status.ShouldBe(HttpStatusCode.Redirect);
        var states = await app.QueryAsync(db => db.TierRequests.Where(r => r.PersonId == guest.Id).OrderBy(r => r.CreatedAt).Select(r => r.State).ToListAsync());
        states.ShouldBe([RequestState.Cancelled, RequestState.Pending], ignoreOrder: true);
        (await app.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "tier.withdraw" && e.ActorId == guest.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task WithdrawTier_Anonymous_SentToSignIn()
    {
        using var anonymous = PageClient.Anonymous(app);

        var page = await anonymous.GetAsync("/account/withdraw-tier-request");

        page.Status.ShouldBe(HttpStatusCode.Redirect);
        page.Location!.ShouldContain("/login");
    }
}
