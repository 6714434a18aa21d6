using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.Notices;
using Nereid.Domain.People;
using Nereid.Domain.Policies;
using Nereid.Server.Policies;
using Nereid.TestSupport.Smtp;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>The notice channels: email (MailKit, against the SMTP sink) and the JSON webhook (standard resilience handler).</summary>
[Collection(nameof(PolicyWorldCollection))]
public sealed class ViolationNotifierTests(PolicyWorld world)
{
    [Fact]
    public async Task NotifyAsync_Webhook_PostsTextAndViolationOncePerInterval()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        var options = new PolicyOptions { Notices = { WebhookUrl = hook.HookUri } };
        var violation = NoticePasses.SleepJob(null, "napper");

        for (var scan = 0; scan < 2; scan++)
            await world.NotifyAsync(options, [violation], attach: scan > 0);

        hook.Bodies.Count.ShouldBe(1);
        using var body = JsonDocument.Parse(hook.Bodies.Single());
        body.RootElement.GetProperty("text").GetString()!.ShouldContain("sleep-job");
        body.RootElement.GetProperty("violation").GetProperty("workloadName").GetString().ShouldBe(violation.WorkloadName);
        (await NoticesAsync(violation)).Select(n => (n.Channel, n.Delivered)).ShouldBe([("webhook", true), ("portal", true)], ignoreOrder: true);
    }

    [Fact]
    public async Task NotifyAsync_OneStoredAddressDoesNotParse_DeliversToTheOthersAndRecordsTheFailure()
    {
        await using var sink = SmtpSink.Start();
        var options = new PolicyOptions { Notices = { SmtpHost = sink.Host, SmtpPort = sink.Port } };
        var broken = await world.App.CreateBarePersonAsync("broken-" + Guid.NewGuid().ToString("N")[..6], Tier.User);
        await using (var scope = world.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
            (await db.People.SingleAsync(p => p.Id == broken.Id)).SetEmail("Jane Doe <jane@");
            await db.SaveChangesAsync();
        }
        var first = NoticePasses.SleepJob(broken.Id, "napper");
        var second = NoticePasses.SleepJob(world.Owner.Id, "napper");

        var notified = await world.NotifyAsync(options, [first, second], attach: false);

        // One digest per person: the admin's lists both, the owner's the one they own; the broken address gets none.
        notified.ShouldBe(2);
        var mails = await sink.WaitForMessagesAsync(2, TimeSpan.FromSeconds(10));
        mails.Count.ShouldBe(2);
        mails.Select(m => m.To.ShouldHaveSingleItem()).ShouldBe([world.NamespaceAdmin.Email, world.Owner.Email], ignoreOrder: true);
        TextOf(mails.Single(m => m.To[0] == world.NamespaceAdmin.Email)).ShouldContain(first.WorkloadName);
        TextOf(mails.Single(m => m.To[0] == world.NamespaceAdmin.Email)).ShouldContain(second.WorkloadName);
        var firstNotices = await NoticesAsync(first);
        firstNotices.Where(n => n.Channel == "email").Select(n => (n.Recipients, n.Delivered, n.Error)).ShouldBe(
            [("Jane Doe <jane@", false, "address does not parse"), (world.NamespaceAdmin.Email, true, null)], ignoreOrder: true);
        // The inbox needs no address: the person whose address is broken is told there all the same.
        firstNotices.Single(n => n.Channel == "portal").Delivered.ShouldBeTrue();
        (await InboxAsync(broken.Id, first)).ShouldBe(1);
        (await NoticesAsync(second)).ShouldAllBe(n => n.Delivered);
        first.NoticesSent.ShouldBe(1);
        second.NoticesSent.ShouldBe(1);
    }

    [Fact]
    public async Task NotifyAsync_WebhookRefusesOnceWithServiceUnavailable_RetriesAndDeliversOnce()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        hook.RefuseWith.Enqueue(503);
        var options = new PolicyOptions { Notices = { WebhookUrl = hook.HookUri } };
        var violation = NoticePasses.SleepJob(null, "napper");

        var notified = await world.NotifyAsync(options, [violation], attach: false);

        notified.ShouldBe(1);
        hook.Requests.ShouldBe(2);
        hook.Bodies.Count.ShouldBe(1);
        (await NoticesAsync(violation)).Select(n => (n.Channel, n.Delivered)).ShouldBe([("webhook", true), ("portal", true)], ignoreOrder: true);
    }

    [Fact]
    public async Task NotifyAsync_WebhookAnswersAfterTheTimeout_PostsOnceAndRecordsNotDelivered()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        hook.ReplyDelay = PolicyWorld.WebhookTimeout * 3;
        var options = new PolicyOptions { Notices = { WebhookUrl = hook.HookUri } };
        var violation = NoticePasses.SleepJob(null, "napper");

        var notified = await world.NotifyAsync(options, [violation], attach: false);

        // The receiver kept the body before it stalled: a retry would have posted the notice twice.
        notified.ShouldBe(0);
        hook.Requests.ShouldBe(1);
        hook.Bodies.Count.ShouldBe(1);
        // The inbox got it, but with a webhook configured only the webhook decides whether the violation was notified.
        var notices = await NoticesAsync(violation);
        var notice = notices.Where(n => n.Channel == "webhook").ShouldHaveSingleItem();
        notice.Delivered.ShouldBeFalse();
        notice.Error.ShouldNotBeNullOrEmpty();
        notices.Single(n => n.Channel == "portal").Delivered.ShouldBeTrue();
        violation.NoticesSent.ShouldBe(0);
    }

    [Fact]
    public async Task NotifyAsync_SixViolationsOfOneOwner_OneMailPerPersonListingAllSixWithFixAndNextStep()
    {
        await using var sink = SmtpSink.Start();
        var options = new PolicyOptions { Notices = { SmtpHost = sink.Host, SmtpPort = sink.Port, PortalUrl = new Uri("https://portal.example/") } };
        var six = Enumerable.Range(0, 6).Select(_ => NoticePasses.SleepJob(world.Owner.Id, "napper")).ToList();

        var notified = await world.NotifyAsync(options, six, attach: false);

        notified.ShouldBe(6);
        var mails = await sink.WaitForMessagesAsync(2, TimeSpan.FromSeconds(10));
        sink.Messages.Count.ShouldBe(2);
        var ownerMail = sink.Messages.Single(m => m.To.SequenceEqual([world.Owner.Email]));
        sink.Messages.Single(m => m.To.SequenceEqual([world.NamespaceAdmin.Email])).ShouldNotBeNull();
        var text = TextOf(ownerMail);
        ownerMail.Subject.ShouldBe("Nereid: 6 usage policy notices need your attention");
        foreach (var v in six)
        {
            text.ShouldContain($"Job {PolicyWorld.Ns}/{v.WorkloadName} on cluster double: a Job that only sleeps (sleep-job policy).");
            text.ShouldContain($"https://portal.example/violations/{v.Id}");
        }
        Regex.Matches(text, "How to fix it: Jobs must do work").Count.ShouldBe(6);
        Regex.Matches(text, "Next step: ").Count.ShouldBe(6);
        foreach (var v in six)
        {
            (await NoticesAsync(v)).Where(n => n.Channel == "email").Select(n => (n.Recipients, n.Delivered)).ShouldBe(
                [(world.Owner.Email, true), (world.NamespaceAdmin.Email, true)], ignoreOrder: true);
            (await NoticesAsync(v)).Single(n => n.Channel == "portal").Recipients.Split(',').ShouldBe([world.Owner.Email, world.NamespaceAdmin.Email], ignoreOrder: true);
            v.NoticesSent.ShouldBe(1);
        }
    }

    /// <summary>The mail's plain text, decoded from its transfer encoding.</summary>
    private static string TextOf(SmtpMessage mail)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(mail.Data));
        return MimeKit.MimeMessage.Load(stream).TextBody ?? "";
    }

    /// <summary>How many inbox notices <paramref name="personId"/> holds about <paramref name="violation"/>.</summary>
    private async Task<int> InboxAsync(Guid personId, Violation violation)
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        var link = ViolationNotifier.PageOf(violation.Id);
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<PortalNotice>().CountAsync(n => n.PersonId == personId && n.Link == link);
    }

    private async Task<List<ViolationNotice>> NoticesAsync(Violation violation)
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<ViolationNotice>().Where(n => n.ViolationId == violation.Id).ToListAsync();
    }
}
