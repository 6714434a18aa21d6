using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.Notices;
using Nereid.Domain.Policies;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.Notices;
using Nereid.Server.Policies;
using Nereid.TestSupport.Smtp;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>
/// The portal inbox as a notice channel, always on: every violation notice and step announcement reaches the creator's
/// and the namespace admins' inboxes (as people, not addresses), beside email and webhook, and nobody else's.
/// </summary>
[Collection(nameof(PolicyWorldCollection))]
public sealed class ViolationInboxTests(PolicyWorld world)
{
    [Fact]
    public async Task NotifyAsync_NoChannelConfigured_OwnerAndAdminEachGetAnUnreadInboxNoticeShownOnNoticesHomeAndNavigation()
    {
        var violation = NoticePasses.SleepJob(world.Owner.Id, "inbox");

        var notified = await world.NotifyAsync(new PolicyOptions(), [violation]);

        notified.ShouldBe(1);
        violation.NoticesSent.ShouldBe(1);
        var link = ViolationNotifier.PageOf(violation.Id);
        var owner = (await InboxAsync(world.Owner.Id, link)).ShouldHaveSingleItem();
        var admin = (await InboxAsync(world.NamespaceAdmin.Id, link)).ShouldHaveSingleItem();
        (await AllInboxesAsync(link)).Select(n => n.PersonId).ShouldBe([world.Owner.Id, world.NamespaceAdmin.Id], ignoreOrder: true);
        foreach (var n in new[] { owner, admin })
        {
            n.IsRead.ShouldBeFalse();
            n.Title.ShouldBe(NoticeText.Subject(violation));
            n.Body.ShouldContain($"Job {PolicyWorld.Ns}/{violation.WorkloadName} on cluster double");
        }
        var portal = (await NoticesAsync(violation)).ShouldHaveSingleItem();
        (portal.Channel, portal.Delivered).ShouldBe(("portal", true));
        portal.Recipients.Split(',').ShouldBe([world.Owner.Email, world.NamespaceAdmin.Email], ignoreOrder: true);

        using var pages = await PageClient.SignInAsync(world.App, "gpu-owner", "gpu-owner-password");
        var inbox = await pages.GetAsync("/notices");
        var home = await pages.GetAsync("/home");
        var unread = await UnreadAsync(world.Owner.Id);

        inbox.Status.ShouldBe(HttpStatusCode.OK);
        inbox.Decoded.ShouldContain($"Unread: {owner.Title}");
        inbox.Decoded.ShouldContain($"href=\"{link}\"");
        home.Decoded.ShouldContain($"Unread notices ({unread})");
        home.Decoded.ShouldContain($"<strong>{owner.Title}</strong>");
        home.Decoded.ShouldContain($"href=\"{link}\"");
        home.Decoded.ShouldMatch($"id=\"nav-home\"[^>]*title=\"{unread} unread notices?\"");
    }

    [Fact]
    public async Task NotifyAsync_SmtpConfigured_OwnerAndAdminGetEmailAndInboxNotice()
    {
        await using var sink = SmtpSink.Start();
        var violation = NoticePasses.SleepJob(world.Owner.Id, "inbox");

        var notified = await world.NotifyAsync(new PolicyOptions { Notices = { SmtpHost = sink.Host, SmtpPort = sink.Port } }, [violation]);

        notified.ShouldBe(1);
        var mails = await sink.WaitForMessagesAsync(2, TimeSpan.FromSeconds(10));
        mails.Select(m => m.To.ShouldHaveSingleItem()).ShouldBe([world.Owner.Email, world.NamespaceAdmin.Email], ignoreOrder: true);
        var link = ViolationNotifier.PageOf(violation.Id);
        (await InboxAsync(world.Owner.Id, link)).ShouldHaveSingleItem().Title.ShouldBe(mails[0].Subject);
        (await InboxAsync(world.NamespaceAdmin.Id, link)).ShouldHaveSingleItem();
        (await NoticesAsync(violation)).Select(n => (n.Channel, n.Delivered)).ShouldBe([("email", true), ("email", true), ("portal", true)], ignoreOrder: true);
    }

    [Fact]
    public async Task AnnounceStepsAsync_ScaleDown_ThoseToldBeforeGetAnInboxNoticeNobodyElse()
    {
        var violation = NoticePasses.SleepJob(world.Owner.Id, "inbox");
        await world.NotifyAsync(new PolicyOptions(), [violation]);

        await using (var scope = world.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
            db.Attach(violation);
            await NoticePasses.Notifier(scope, new PolicyOptions()).AnnounceStepsAsync([new EnforcementStep(violation, "scale-down", DryRun: false)], default);
            await db.SaveChangesAsync();
        }

        var link = ViolationNotifier.PageOf(violation.Id);
        var step = NoticeText.StepSubject(violation, "scale-down");
        step.ShouldContain("scaled to zero");
        foreach (var person in new[] { world.Owner.Id, world.NamespaceAdmin.Id })
        {
            var notices = await InboxAsync(person, link);
            notices.Count.ShouldBe(2);
            notices.Single(n => n.Title == step).Body.ShouldContain("Nereid scaled to zero Job");
        }
        (await AllInboxesAsync(link)).Select(n => n.PersonId).Distinct().ShouldBe([world.Owner.Id, world.NamespaceAdmin.Id], ignoreOrder: true);
        (await NoticesAsync(violation)).Count(n => n.Channel == "portal" && n.Delivered).ShouldBe(2);
    }

    [Fact]
    public async Task NotifyAsync_NoChannelAndNobodyToTell_PortalRowNotDeliveredYetNotifiedOnceNotEveryScan()
    {
        var violation = NoticePasses.SleepJob(null, "inbox");
        violation.Namespace = "no-such-namespace-" + Guid.NewGuid().ToString("N")[..6];

        var notified = await world.NotifyAsync(new PolicyOptions(), [violation]);
        // The next scan within the notice interval: nothing is due, so nothing is recorded again.
        var again = await world.NotifyAsync(new PolicyOptions(), [violation], attach: true);

        // Without email or webhook the violations page is the notice, so enforcement can go on; the inbox row says nobody got it.
        notified.ShouldBe(1);
        again.ShouldBe(0);
        violation.NoticesSent.ShouldBe(1);
        var portal = (await NoticesAsync(violation)).ShouldHaveSingleItem();
        (portal.Channel, portal.Delivered).ShouldBe(("portal", false));
        portal.Error.ShouldNotBeNullOrEmpty();
        await using var scope = world.App.Services.CreateAsyncScope();
        var link = ViolationNotifier.PageOf(violation.Id);
        (await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<PortalNotice>().CountAsync(n => n.Link == link)).ShouldBe(0);
    }

    private async Task<List<PortalNotice>> InboxAsync(Guid personId, string link)
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<PortalNotice>().AsNoTracking()
            .Where(n => n.PersonId == personId && n.Link == link).ToListAsync();
    }

    /// <summary>Every inbox notice of anyone linking to <paramref name="link"/>: who else was told.</summary>
    private async Task<List<PortalNotice>> AllInboxesAsync(string link)
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<PortalNotice>().AsNoTracking().Where(n => n.Link == link).ToListAsync();
    }

    private async Task<int> UnreadAsync(Guid personId)
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalNotices>().UnreadCountAsync(personId, default);
    }

    private async Task<List<ViolationNotice>> NoticesAsync(Violation violation)
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<ViolationNotice>().Where(n => n.ViolationId == violation.Id).ToListAsync();
    }
}
