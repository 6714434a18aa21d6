using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Domain.Policies;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.Policies;
using Nereid.TestSupport.Prometheus;
using Nereid.TestSupport.Smtp;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>
/// Freeing idle GPUs as an enforcement step of its own (<c>GpuIdle:Free</c>), through whole scans against the Kubernetes
/// double and a real Prometheus scraping an idle DCGM series: the StatefulSet's GPU pod is found idle and its creator
/// (the StatefulSet's) notified with the step and its deadline, the StatefulSet annotated, not freed while the GPU step's
/// grace period runs although the shared one (zero) would allow acting, then scaled to zero, each step announced and audited.
/// </summary>
public sealed class GpuFreeStepEndToEndTests : IAsyncLifetime
{
    private const string Ns = "gpu-free-team";
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FreeGrace = TimeSpan.FromHours(2);
    private KubeApiDouble _kube = null!;
    private KubeClient _client = null!;
    private MetricsEndpoint _metrics = null!;
    private PrometheusServer _prometheus = null!;
    private SmtpSink _sink = null!;
    private PolicyApp _app = null!;

    public async Task InitializeAsync()
    {
        _sink = SmtpSink.Start();
        // Objects are created "2 hours ago", so the pod is older than the usage window.
        _kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions { TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2)) }, default);
        _client = DoubleClient.Admin(_kube);
        _metrics = await MetricsEndpoint.StartAsync();
        _metrics.Gpus.Add((Ns, "train-0", 2, false));
        _prometheus = await PrometheusServer.StartAsync([_metrics.MetricsUri], TimeSpan.FromSeconds(1));
        await _prometheus.WaitForSeriesAsync(PolicyQueries.GpuUtilization(Window), TimeSpan.FromSeconds(60));
        _app = new PolicyApp(new StaticClusterConnections([new ConnectedCluster("double", _client, new ClusterPublicInfo(_kube.BaseAddress.ToString(), _kube.CaCertificatePem, "nereid", null))]));
        _app.With("Nereid:Policies:Enabled", "false")
            .With("Nereid:Policies:PrometheusUrl", _prometheus.BaseAddress.ToString())
            .With("Nereid:Policies:UsageWindow", Window.ToString())
            .With("Nereid:Policies:Notices:SmtpHost", _sink.Host).With("Nereid:Policies:Notices:SmtpPort", _sink.Port.ToString(CultureInfo.InvariantCulture))
            // Only the GPU policy, so every mail is about it.
            .With("Nereid:Policies:Cpu:Enabled", "false").With("Nereid:Policies:Memory:Enabled", "false").With("Nereid:Policies:Limits:Enabled", "false")
            .With("Nereid:Policies:PodBudget:Enabled", "false")
            // The shared act settings would act at once; the GPU step must wait for its own grace period instead.
            .With("Nereid:Policies:Enforcement:DryRun", "false").With("Nereid:Policies:Enforcement:ActAfterNotices", "1")
            .With("Nereid:Policies:Enforcement:GracePeriod", "00:00:00").With("Nereid:Policies:GpuIdle:Enforcement", "Act")
            .With("Nereid:Policies:GpuIdle:Free:Enabled", "true").With("Nereid:Policies:GpuIdle:Free:GracePeriod", FreeGrace.ToString());
    }

    [Fact]
    public async Task Scans_IdleGpuStatefulSet_AnnotatesThenFreesOnlyAfterTheGpuStepsGracePeriodAnnouncingEachStep()
    {
        var creator = await _app.CreatePersonAsync("gpucreator", Tier.User);
        await _client.CreateAsync(new Namespace { Metadata = { Name = Ns } });
        var set = await _client.CreateAsync(new StatefulSet
        {
            Metadata = { Name = "train", Namespace = Ns, Annotations = new() { [WorkloadSnapshot.CreatedByKey] = "oidc:" + creator.Email } },
            Spec = new StatefulSetSpec
            {
                Replicas = 1, ServiceName = "train", Selector = new LabelSelector { MatchLabels = new() { ["app"] = "train" } },
                Template = new PodTemplateSpec { Metadata = new ObjectMeta { Labels = new() { ["app"] = "train" } }, Spec = GpuSpec() },
            },
        });
        // The StatefulSet controller's pod (the double runs none), reported Running as its kubelet would.
        var pod = await _client.CreateAsync(new Pod
        {
            Metadata =
            {
                Name = "train-0", Namespace = Ns, Labels = new() { ["app"] = "train" },
                OwnerReferences = [new OwnerReference { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = "train", Uid = set.Metadata.Uid, Controller = true }],
            },
            Spec = GpuSpec(),
        });
        pod.Status = new PodStatus { Phase = "Running" };
        await _client.UpdateAsync(ResourceType.Of<Pod>(), pod, "status");

        // Scan 1: found, the StatefulSet's creator told what happens next and when; annotated in the same pass, and told so.
        await ScanAsync();
        var v = await ViolationAsync();
        v.OwnerId.ShouldBe(creator.Id);
        v.WorkloadKind.ShouldBe("StatefulSet");
        v.Enforcement.ShouldBe(EnforcementState.Annotated);
        var notice = await MailAsync(creator, $"gpu-idle violation in {Ns}/train");
        notice.Body.ShouldContain("then Nereid frees its GPUs: it scales it to zero replicas on or after ");
        notice.Body.ShouldContain("(2 hours after the annotation)");
        var annotated = await StatefulSetAsync();
        annotated.Metadata.Annotations![PolicyEnforcer.ViolationAnnotation].ShouldBe("gpu-idle");
        annotated.Spec!.Replicas.ShouldBe(1);
        var step = await MailAsync(creator, $"{Ns}/train annotated");
        step.Body.ShouldContain($"on or after {ViolationWords.When(v.EnforcedAt!.Value + FreeGrace)}");

        // Scan 2: the shared grace period (zero) is over, the GPU step's is not: nothing freed.
        await ScanAsync();
        (await ViolationAsync()).Enforcement.ShouldBe(EnforcementState.Annotated);
        (await StatefulSetAsync()).Spec!.Replicas.ShouldBe(1);

        // Scan 3, the annotation two hours old: the GPUs are freed by scaling the StatefulSet to zero, and that is announced.
        await AgeAnnotationAsync(FreeGrace);
        await ScanAsync();
        (await ViolationAsync()).Enforcement.ShouldBe(EnforcementState.ScaledDown);
        (await StatefulSetAsync()).Spec!.Replicas.ShouldBe(0);
        var freed = await MailAsync(creator, $"{Ns}/train scaled to zero");
        freed.Body.ShouldContain($"Nereid scaled to zero StatefulSet {Ns}/train");

        await using var scope = _app.Services.CreateAsyncScope();
        var audited = await scope.ServiceProvider.GetRequiredService<NereidDbContext>().AuditEvents
            .Where(e => e.NamespaceName == Ns && e.Action == "violation.enforce").Select(e => e.After).ToListAsync();
        audited.Count.ShouldBe(2);
        audited.ShouldContain(a => a!.Contains("\"free-idle-gpu\"", StringComparison.Ordinal) && a.Contains("\"scale-down\"", StringComparison.Ordinal));
        (await scope.ServiceProvider.GetRequiredService<NereidDbContext>().AuditEvents
            .CountAsync(e => e.NamespaceName == Ns && e.Action == "violation.step-notice")).ShouldBe(2);
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
            .SingleAsync(v => v.Policy == PolicyKind.GpuIdle && v.Namespace == Ns && v.PodName == "train-0");
    }

    private async Task<StatefulSet> StatefulSetAsync() => (await _client.GetAsync<StatefulSet>(Ns, "train"))!;

    private async Task<SmtpMessage> MailAsync(Person to, string subjectPart)
    {
        SmtpMessage? found = null;
        await Clusters.Eventually.TrueAsync(() =>
        {
            found = _sink.Messages.FirstOrDefault(m => m.To.SequenceEqual([to.Email]) && m.Subject?.Contains(subjectPart, StringComparison.Ordinal) == true);
            return Task.FromResult(found is not null);
        }, $"no mail '{subjectPart}' to {to.Email}");
        return found!;
    }

    /// <summary>Moves the recorded annotation time back, as if the grace period had passed since it was put on.</summary>
    private async Task AgeAnnotationAsync(TimeSpan by)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var v = await db.Set<Violation>().SingleAsync(x => x.Policy == PolicyKind.GpuIdle && x.Namespace == Ns && x.ResolvedAt == null);
        v.EnforcedAt = v.EnforcedAt!.Value - by;
        await db.SaveChangesAsync();
    }

    private static PodSpec GpuSpec()
    {
        var requests = new Dictionary<string, Nereid.Kubernetes.Quantities.Quantity> { ["cpu"] = "4", ["memory"] = "16Gi", ["nvidia.com/gpu"] = "1" };
        return new PodSpec { Containers = [new Container { Name = "main", Image = "pytorch/pytorch", Resources = new ResourceRequirements { Requests = requests, Limits = new(requests) } }] };
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _prometheus.DisposeAsync();
        await _metrics.DisposeAsync();
        await _sink.DisposeAsync();
        _client.Dispose();
        await _kube.DisposeAsync();
    }
}
