using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Domain.Requests;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.Namespaces;

namespace Nereid.Server.FunctionalTests.Pages;

/// <summary>A requester takes back a pending join request; their own message and the admin's reason are shown apart.</summary>
public sealed class JoinWithdrawPageTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task Withdraw_PendingRequest_CancelledAuditedAndProfileShowsOwnMessage()
    {
        var admin = await app.CreatePersonAsync("wdadmin", Tier.Admin);
        var requester = await app.CreatePersonAsync("wdrequester", Tier.User);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var namespaces = scope.ServiceProvider.GetRequiredService<NamespaceService>();
            await namespaces.CreateAsync(MatrixWorld.ActorOf(admin), new NamespaceInput("wd-lab", "UC San Diego", ["Prof. W"], [], [], "Withdraw lab", []), default);
            await namespaces.RequestJoinAsync(MatrixWorld.ActorOf(requester), "wd-lab", "Sea urchin project", default);
        }
        using var client = await PageClient.SignInAsync(app, "wdrequester", "wdrequester-password");

        var before = await client.GetAsync("/namespaces/wd-lab");
        var withdraw = await client.SubmitAsync("/namespaces/wd-lab", new(), "/namespaces/wd-lab?handler=Withdraw");
        var again = await client.SubmitAsync("/namespaces/wd-lab", new(), "/namespaces/wd-lab?handler=Join");
        var profile = await client.GetAsync("/profile");

        before.Decoded.ShouldContain("(“Sea urchin project”); the namespace's admins will decide.");
        withdraw.Status.ShouldBe(HttpStatusCode.Redirect);
        (await app.QueryAsync(db => db.JoinRequests.Where(r => r.PersonId == requester.Id).Select(r => r.State).ToListAsync()))
            .ShouldContain(RequestState.Cancelled);
        (await app.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "join.withdraw" && e.ActorId == requester.Id))).ShouldBe(1);
        again.Status.ShouldBe(HttpStatusCode.Redirect, "after withdrawing, asking again is allowed");
        profile.Decoded.ShouldContain("<th scope=\"col\">Your message</th>");
        profile.Decoded.ShouldContain("<td>Sea urchin project</td>");
    }
}
