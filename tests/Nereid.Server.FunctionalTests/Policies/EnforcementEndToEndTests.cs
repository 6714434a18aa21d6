using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Domain.Policies;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.Policies;
using Nereid.TestSupport.Smtp;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>
/// Enforcement as item 4 of issue 18 words it, through whole scans against the Kubernetes double: a two-hour-old
/// Deployment (limit one hour) found while dry run is on, dry run then switched off, annotated on the next scan, scaled
/// to zero only after the annotation stood for its grace period, each real step announced to the person notified, and
/// the Deployment at zero replicas resolved instead of noticed again.
/// </summary>
public sealed class EnforcementEndToEndTests : IAsyncLifetime
{
    private const string Ns = "enforce-team";
    private ClusterAppFactory _app = null!;
    private SmtpSink _sink = null!;

    public async Task InitializeAsync()
    {
        _sink = SmtpSink.Start();
        // The double's clock runs 2 hours behind, so a new Deployment is already past the one-hour limit set below.
        _app = await ClusterAppFactory.StartAsync(o => o.TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2)));
        _app.With("Nereid:Policies:Enabled", "false").With("Nereid:Policies:PrometheusUrl", "http://127.0.0.1:9/")
            .With("Nereid:Policies:Deployments:MaxAge", "01:00:00")
            .With("Nereid:Policies:Notices:SmtpHost", _sink.Host).With("Nereid:Policies:Notices:SmtpPort", _sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Nereid:Policies:Enforcement:DryRun", "true").With("Nereid:Policies:Enforcement:ActAfterNotices", "1")
            .With("Nereid:Policies:Enforcement:GracePeriod", "1.00:00:00");
        _ = _app.Services;
    }

    [Fact]
    public async Task Scans_FoundInDryRunThenDryRunOff_AnnotatesThenScalesDownAfterGraceAnnouncingEachStepThenResolves()
    {
        var admin = await _app.CreatePersonAsync("enforceadmin", Tier.Admin);
        var creator = await _app.CreatePersonAsync("enforcecreator", Tier.User);
        await _app.CreateNamespaceAsync(Ns, admin, creator);
        await Eventually.TrueAsync(async () => await _app.Admin.GetAsync<RoleBinding>(Ns, "nereid-members") is not null, "the namespace never converged");
        await _app.Admin.CreateAsync(new Deployment
        {
            Metadata = { Name = "trainer", Namespace = Ns, Annotations = new() { [WorkloadSnapshot.CreatedByKey] = "oidc:" + creator.Email } },
            Spec = new DeploymentSpec
            {
                Replicas = 1, Selector = new LabelSelector { MatchLabels = new() { ["app"] = "trainer" } },
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = new() { ["app"] = "trainer" } },
                    Spec = new PodSpec { Containers = [new Container { Name = "main", Image = "nginx" }] },
                },
            },
        });

        // Scan 1, dry run: found, the creator notified, the annotation only recorded as what would happen.
        await ScanAsync();
        var v = await ViolationAsync();
        v.OwnerId.ShouldBe(creator.Id);
        v.NoticesSent.ShouldBe(1);
        v.Enforcement.ShouldBe(EnforcementState.WouldAnnotate);
        (await DeploymentAsync()).Metadata.Annotations!.ContainsKey(PolicyEnforcer.ViolationAnnotation).ShouldBeFalse();

        // The operator switches dry run off (the bound options object, as a restart with DryRun=false would give).
        _app.Services.GetRequiredService<IOptions<PolicyOptions>>().Value.Enforcement.DryRun = false;

        // Scan 2: the dry-run record does not count; annotated now, and the creator told so. Acting is not due yet.
        await ScanAsync();
        (await ViolationAsync()).Enforcement.ShouldBe(EnforcementState.Annotated);
        var annotated = await DeploymentAsync();
        annotated.Metadata.Annotations![PolicyEnforcer.ViolationAnnotation].ShouldBe("old-deployment");
        annotated.Spec!.Replicas.ShouldBe(1);
        await StepMailAsync(creator, $"{Ns}/trainer annotated");

        // Scan 3, the grace period not over: no step.
        await ScanAsync();
        (await ViolationAsync()).Enforcement.ShouldBe(EnforcementState.Annotated);
        (await DeploymentAsync()).Spec!.Replicas.ShouldBe(1);

        // Scan 4, the annotation a day old: scaled to zero, announced.
        await AgeAnnotationAsync(TimeSpan.FromDays(1));
        await ScanAsync();
        (await ViolationAsync()).Enforcement.ShouldBe(EnforcementState.ScaledDown);
        (await DeploymentAsync()).Spec!.Replicas.ShouldBe(0);
        await StepMailAsync(creator, $"{Ns}/trainer scaled to zero");
        var mailsAfterAct = _sink.Messages.Count;

        // Scan 5: the action holds, so the violation is resolved and nobody is noticed again.
        await ScanAsync();
        (await ViolationAsync()).ResolvedAt.ShouldNotBeNull();
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        (await db.Set<Violation>().CountAsync(x => x.Namespace == Ns && x.Policy == PolicyKind.OldDeployment && x.ResolvedAt == null)).ShouldBe(0);
        _sink.Messages.Count.ShouldBe(mailsAfterAct);
        var audited = await db.AuditEvents.Where(e => e.NamespaceName == Ns).Select(e => e.Action).ToListAsync();
        audited.Count(a => a == "violation.enforce.dry-run").ShouldBe(1);
        audited.Count(a => a == "violation.enforce").ShouldBe(2);
        audited.Count(a => a == "violation.step-notice").ShouldBe(2);
    }

    private async Task ScanAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ViolationScanner>().ScanAsync(default);
    }

    private async Task<Violation> ViolationAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<Violation>()
            .SingleAsync(v => v.Policy == PolicyKind.OldDeployment && v.Namespace == Ns && v.WorkloadName == "trainer");
    }

    private async Task<Deployment> DeploymentAsync() => (await _app.Admin.GetAsync<Deployment>(Ns, "trainer"))!;

    private async Task StepMailAsync(Person to, string subjectPart) =>
        await Eventually.TrueAsync(() => Task.FromResult(_sink.Messages.Any(m =>
            m.To.SequenceEqual([to.Email]) && m.Subject?.Contains(subjectPart, StringComparison.Ordinal) == true)), $"no mail '{subjectPart}' to {to.Email}");

    /// <summary>Moves the recorded annotation time back, as if the grace period had passed since it was put on.</summary>
    private async Task AgeAnnotationAsync(TimeSpan by)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var v = await db.Set<Violation>().SingleAsync(x => x.Policy == PolicyKind.OldDeployment && x.Namespace == Ns && x.ResolvedAt == null);
        v.EnforcedAt = v.EnforcedAt!.Value - by;
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _sink.DisposeAsync();
    }
}
