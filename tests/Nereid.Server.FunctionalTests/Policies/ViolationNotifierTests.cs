using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Policies;
using Nereid.Server.Audit;
using Nereid.Server.Policies;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>The JSON webhook channel: one POST of <c>{text, violation}</c> per violation per interval.</summary>
[Collection(nameof(PolicyWorldCollection))]
public sealed class ViolationNotifierTests(PolicyWorld world)
{
    [Fact]
    public async Task NotifyAsync_Webhook_PostsTextAndViolationOncePerInterval()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        var options = Options.Create(new PolicyOptions { Notices = { WebhookUrl = hook.HookUri } });
        var violation = new Violation
        {
            Policy = PolicyKind.SleepJob, Cluster = "double", Namespace = PolicyWorld.Ns, WorkloadKind = "Job", WorkloadName = "napper-" + Guid.NewGuid().ToString("N")[..6],
            Summary = "Job containers only run sleep.", Evidence = "{\"command\":\"sleep\"}", FirstSeenAt = DateTime.UtcNow, LastSeenAt = DateTime.UtcNow,
        };

        for (var scan = 0; scan < 2; scan++)
        {
            await using var scope = world.App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
            if (scan == 0)
                db.Set<Violation>().Add(violation);
            else
                db.Attach(violation);
            var notifier = new ViolationNotifier(db, scope.ServiceProvider.GetRequiredService<IHttpClientFactory>(), scope.ServiceProvider.GetRequiredService<AuditLog>(),
                options, TimeProvider.System, NullLogger<ViolationNotifier>.Instance);
            await notifier.NotifyAsync([violation], default);
            await db.SaveChangesAsync();
        }

        hook.Bodies.Count.ShouldBe(1);
        using var body = JsonDocument.Parse(hook.Bodies.Single());
        body.RootElement.GetProperty("text").GetString()!.ShouldContain("sleep-job");
        body.RootElement.GetProperty("violation").GetProperty("workloadName").GetString().ShouldBe(violation.WorkloadName);
        await using var check = world.App.Services.CreateAsyncScope();
        var notices = await check.ServiceProvider.GetRequiredService<NereidDbContext>().Set<ViolationNotice>().Where(n => n.ViolationId == violation.Id).ToListAsync();
        notices.Select(n => (n.Channel, n.Delivered)).ShouldBe([("webhook", true)]);
    }
}
