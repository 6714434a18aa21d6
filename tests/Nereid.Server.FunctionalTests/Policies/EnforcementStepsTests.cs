using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nereid.Data;
using Nereid.Domain.Policies;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Audit;
using Nereid.Server.Clusters;
using Nereid.Server.Policies;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>
/// Level-triggered enforcement: each pass moves a violation to the step its notices and grace period call for, from what
/// was really done; a fake clock drives the grace period, the Kubernetes double is the cluster.
/// </summary>
[Collection(nameof(PolicyWorldCollection))]
public sealed class EnforcementStepsTests(PolicyWorld world)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task EnforceAsync_ActionDueButNotAnnotated_AnnotatesFirstAndActsOnlyAfterTheGracePeriod()
    {
        // Three notices and first seen two days ago: acting is due by count, but the annotation has not happened yet.
        var v = Violation("Deployment", "trainer", notices: 3, firstSeen: _time.GetUtcNow().UtcDateTime.AddDays(-2));

        (await EnforceAsync(v, dryRun: true)).Select(s => s.Action).ShouldBe(["annotate"]);
        v.Enforcement.ShouldBe(EnforcementState.WouldAnnotate);
        (await EnforceAsync(v, dryRun: true)).ShouldBeEmpty();
        _time.Advance(TimeSpan.FromHours(23));
        (await EnforceAsync(v, dryRun: true)).ShouldBeEmpty();
        _time.Advance(TimeSpan.FromHours(1));

        (await EnforceAsync(v, dryRun: true)).Select(s => s.Action).ShouldBe(["scale-down"]);
        v.Enforcement.ShouldBe(EnforcementState.WouldScaleDown);
        (await EnforceAsync(v, dryRun: true)).ShouldBeEmpty();
    }

    [Fact]
    public async Task EnforceAsync_FewerNoticesThanRequired_TakesNoStep()
    {
        var v = Violation("Deployment", "trainer", notices: 0, firstSeen: _time.GetUtcNow().UtcDateTime.AddDays(-30));

        (await EnforceAsync(v, dryRun: true)).ShouldBeEmpty();

        v.Enforcement.ShouldBe(EnforcementState.Notified);
    }

    [Fact]
    public async Task EnforceAsync_AlreadyScaledDown_TakesNoFurtherStep()
    {
        var v = Violation("Deployment", "trainer", notices: 5, firstSeen: _time.GetUtcNow().UtcDateTime.AddDays(-30));
        v.Enforcement = EnforcementState.ScaledDown;

        (await EnforceAsync(v, dryRun: false)).ShouldBeEmpty();

        v.Enforcement.ShouldBe(EnforcementState.ScaledDown);
    }

    [Theory]
    [InlineData(EnforcementState.Notified, true, false)]
    [InlineData(EnforcementState.WouldAnnotate, true, true)]
    [InlineData(EnforcementState.WouldScaleDown, true, true)]
    [InlineData(EnforcementState.WouldAnnotate, false, false)]
    [InlineData(EnforcementState.WouldDelete, false, false)]
    [InlineData(EnforcementState.Annotated, false, true)]
    [InlineData(EnforcementState.Annotated, true, true)]
    public void IsAnnotated_StateAndDryRun_CountsOnlyWhatReallyHappenedOnceDryRunIsOff(EnforcementState state, bool dryRun, bool expected) =>
        PolicyEnforcer.IsAnnotated(state, dryRun).ShouldBe(expected);

    [Fact]
    public async Task EnforceAsync_FoundInDryRunThenDryRunOff_AnnotatesOnTheNextPassAndTellsThoseNotified()
    {
        var v = Violation("Deployment", "busy", notices: 1, firstSeen: _time.GetUtcNow().UtcDateTime);
        await using (var scope = world.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
            db.Set<Violation>().Add(v);
            db.Set<ViolationNotice>().Add(new ViolationNotice
            {
                ViolationId = v.Id, Channel = "email", Recipients = world.Owner.Email, SentAt = v.FirstSeenAt, Delivered = true,
            });
            await db.SaveChangesAsync();
        }
        world.Kube.RequestLog.Clear();

        (await EnforceAsync(v, dryRun: true)).ShouldHaveSingleItem().DryRun.ShouldBeTrue();
        world.Kube.RequestLog.Entries.ShouldNotContain(e => e.Method != "GET");
        (await world.Client.GetAsync<Deployment>(PolicyWorld.Ns, "busy"))!.Metadata.Annotations?.ContainsKey(PolicyEnforcer.ViolationAnnotation).ShouldNotBe(true);

        await using (var scope = world.App.Services.CreateAsyncScope())
        {
            var steps = await EnforceAsync(v, dryRun: false);
            await scope.ServiceProvider.GetRequiredService<ViolationNotifier>().AnnounceStepsAsync(steps, default);
            await scope.ServiceProvider.GetRequiredService<NereidDbContext>().SaveChangesAsync();
            steps.ShouldHaveSingleItem().Action.ShouldBe("annotate");
        }

        v.Enforcement.ShouldBe(EnforcementState.Annotated);
        (await world.Client.GetAsync<Deployment>(PolicyWorld.Ns, "busy"))!.Metadata.Annotations![PolicyEnforcer.ViolationAnnotation].ShouldBe("old-deployment");
        var mail = world.Smtp.Messages.Single(m => m.Subject?.Contains("busy annotated", StringComparison.Ordinal) == true);
        mail.To.ShouldBe([world.Owner.Email]);
        mail.Body.ShouldContain("After 1 notice, Nereid annotated Deployment ml-team/busy");
        await using var check = world.App.Services.CreateAsyncScope();
        (await check.ServiceProvider.GetRequiredService<NereidDbContext>().AuditEvents
            .CountAsync(e => e.Action == "violation.step-notice" && e.TargetId == v.Id.ToString())).ShouldBe(1);
    }

    [Fact]
    public async Task EnforceAsync_AnnotatedBarePodPastItsGracePeriod_DeletesItAndMailsThoseNotified()
    {
        await world.Client.CreateAsync(new Pod
        {
            Metadata = { Name = "doomed", Namespace = PolicyWorld.Ns }, Spec = new PodSpec { Containers = [new Container { Name = "main", Image = "busybox" }] },
        });
        var now = _time.GetUtcNow().UtcDateTime;
        var v = Violation("Pod", "doomed", notices: 3, firstSeen: now.AddDays(-3));
        v.Policy = PolicyKind.BarePod;
        v.Enforcement = EnforcementState.Annotated;
        v.EnforcedAt = now.AddDays(-2);
        await using (var scope = world.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
            db.Set<Violation>().Add(v);
            db.Set<ViolationNotice>().Add(new ViolationNotice
            {
                ViolationId = v.Id, Channel = "email", Recipients = world.Owner.Email, SentAt = v.FirstSeenAt, Delivered = true,
            });
            await db.SaveChangesAsync();
        }

        await using (var scope = world.App.Services.CreateAsyncScope())
        {
            var steps = await EnforceAsync(v, dryRun: false);
            await scope.ServiceProvider.GetRequiredService<ViolationNotifier>().AnnounceStepsAsync(steps, default);
            await scope.ServiceProvider.GetRequiredService<NereidDbContext>().SaveChangesAsync();
            steps.ShouldHaveSingleItem().Action.ShouldBe("delete");
        }

        v.Enforcement.ShouldBe(EnforcementState.Deleted);
        (await world.Client.GetAsync<Pod>(PolicyWorld.Ns, "doomed")).ShouldBeNull();
        var mail = world.Smtp.Messages.Single(m => m.Subject?.Contains("doomed deleted", StringComparison.Ordinal) == true);
        mail.To.ShouldBe([world.Owner.Email]);
        mail.Body.ShouldContain($"After 3 notices, Nereid deleted Pod {PolicyWorld.Ns}/doomed");
        mail.Body.ShouldContain("Next step: Deleted ");
        await using var check = world.App.Services.CreateAsyncScope();
        (await check.ServiceProvider.GetRequiredService<NereidDbContext>().AuditEvents
            .CountAsync(e => e.Action == "violation.step-notice" && e.TargetId == v.Id.ToString())).ShouldBe(1);
    }

    private Violation Violation(string kind, string name, int notices, DateTime firstSeen) => new()
    {
        Policy = PolicyKind.OldDeployment, Cluster = "double", Namespace = PolicyWorld.Ns, WorkloadKind = kind, WorkloadName = name,
        Summary = "Deployment is 20 days old; the limit is 14 days.", FirstSeenAt = firstSeen, LastSeenAt = firstSeen,
        NoticesSent = notices, LastNoticeAt = notices > 0 ? firstSeen : null, Enforcement = EnforcementState.Notified,
    };

    private async Task<IReadOnlyList<EnforcementStep>> EnforceAsync(Violation v, bool dryRun)
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        var options = new PolicyOptions { Enforcement = { DryRun = dryRun } };
        var enforcer = new PolicyEnforcer(scope.ServiceProvider.GetRequiredService<IClusterConnections>(),
            new AuditLog(scope.ServiceProvider.GetRequiredService<NereidDbContext>(), _time), Options.Create(options), _time, NullLogger<PolicyEnforcer>.Instance);
        return await enforcer.EnforceAsync([v], default);
    }
}
