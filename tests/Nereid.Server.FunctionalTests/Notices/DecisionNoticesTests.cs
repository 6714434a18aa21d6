using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.Namespaces;
using Nereid.Server.Notices;
using Nereid.Server.People;

namespace Nereid.Server.FunctionalTests.Notices;

/// <summary>Decisions on a person's requests reach that person's inbox (and nobody else's), with the reason given.</summary>
public sealed class DecisionNoticesTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Theory]
    [InlineData(true, "You are now a member of decide-lab-a")]
    [InlineData(false, "Your request to join decide-lab-d was denied")]
    public async Task DecideJoin_ApprovedOrDenied_RequesterGetsInboxNoticeWithReasonAdminNone(bool approve, string title)
    {
        var suffix = approve ? "a" : "d";
        var admin = await app.CreatePersonAsync("decideadmin" + suffix, Tier.Admin);
        var requester = await app.CreatePersonAsync("deciderequester" + suffix, Tier.User);
        var ns = "decide-lab-" + suffix;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var namespaces = scope.ServiceProvider.GetRequiredService<NamespaceService>();
            await namespaces.CreateAsync(MatrixWorld.ActorOf(admin), new NamespaceInput(ns, "UC San Diego", ["Prof. Decide"], [], [], "Decision lab", []), default);
            var request = await namespaces.RequestJoinAsync(MatrixWorld.ActorOf(requester), ns, "Please", default);
            await namespaces.DecideJoinAsync(MatrixWorld.ActorOf(admin), ns, request.Id, approve, "Welcome or not", default);
        }

        var notice = (await InboxAsync(requester)).ShouldHaveSingleItem();
        notice.Title.ShouldBe(title);
        notice.Body.ShouldBe("Reason given: Welcome or not");
        notice.Link.ShouldBe($"/namespaces/{ns}");
        (await InboxAsync(admin)).ShouldBeEmpty();
    }

    [Fact]
    public async Task DecideTierRequest_Denied_RequesterGetsInboxNoticeWithReason()
    {
        var platform = await app.CreatePersonAsync("decideplatform", Tier.PlatformAdmin);
        var requester = await app.CreatePersonAsync("decidetier", Tier.Guest);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var people = scope.ServiceProvider.GetRequiredService<PeopleService>();
            var request = await people.RequestTierAsync(MatrixWorld.ActorOf(requester), Tier.User, "My lab uses the GPUs", default);
            await people.DecideTierRequestAsync(MatrixWorld.ActorOf(platform), request.Id, approve: false, "Ask your PI first", default);
        }

        var notice = (await InboxAsync(requester)).ShouldHaveSingleItem();
        notice.Title.ShouldBe("Your request for the user tier was denied");
        notice.Body.ShouldBe("Reason given: Ask your PI first");
        (await InboxAsync(platform)).ShouldBeEmpty();
    }

    [Fact]
    public async Task DecideTierRequest_Approved_RequesterGetsOnePromotionNotice()
    {
        var platform = await app.CreatePersonAsync("decideplatform2", Tier.PlatformAdmin);
        var requester = await app.CreatePersonAsync("decidetier2", Tier.Guest);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var people = scope.ServiceProvider.GetRequiredService<PeopleService>();
            var request = await people.RequestTierAsync(MatrixWorld.ActorOf(requester), Tier.User, "My lab uses the GPUs", default);
            await people.DecideTierRequestAsync(MatrixWorld.ActorOf(platform), request.Id, approve: true, "Welcome", default);
        }

        (await InboxAsync(requester)).ShouldHaveSingleItem().Title.ShouldBe("You were promoted to user");
    }

    private async Task<IReadOnlyList<PortalNoticeView>> InboxAsync(Person person)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalNotices>().ListAsync(MatrixWorld.ActorOf(person), unreadOnly: false, default);
    }
}
