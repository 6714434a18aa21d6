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

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>
/// The creator of a workload a controller made: a StatefulSet's pod and a CronJob's Job carry no record of their own (the
/// webhook removes one copied from a template), so the scan follows their owner references to the StatefulSet and the
/// CronJob a person created, through paged lists before the caches sync and through the informer caches after.
/// </summary>
public sealed class WorkloadCreatorTests : IAsyncLifetime
{
    private const string Ns = "creator-team";
    private KubeApiDouble _kube = null!;
    private KubeClient _client = null!;
    private PolicyApp _app = null!;
    private Person _stateful = null!;
    private Person _scheduler = null!;

    public async Task InitializeAsync()
    {
        // Objects created "8 hours ago", as the scan worlds do.
        _kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions { TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-8)) }, default);
        _client = DoubleClient.Admin(_kube);
        _app = new PolicyApp(new StaticClusterConnections([new ConnectedCluster("double", _client, new ClusterPublicInfo(_kube.BaseAddress.ToString(), _kube.CaCertificatePem, "nereid", null))]));
        _app.With("Nereid:Policies:Enabled", "false");
        _stateful = await _app.CreatePersonAsync("stateful", Tier.User);
        _scheduler = await _app.CreatePersonAsync("scheduler", Tier.User);
        await _client.CreateAsync(new Namespace { Metadata = { Name = Ns } });

        var set = await _client.CreateAsync(new StatefulSet
        {
            Metadata = { Name = "db", Namespace = Ns, Annotations = new() { [WorkloadSnapshot.CreatedByKey] = _stateful.Email } },
            Spec = new StatefulSetSpec
            {
                Replicas = 1, ServiceName = "db", Selector = new LabelSelector { MatchLabels = new() { ["app"] = "db" } },
                Template = new PodTemplateSpec { Metadata = new ObjectMeta { Labels = new() { ["app"] = "db" } }, Spec = Spec(["postgres"]) },
            },
        });
        // The StatefulSet controller's pod: no record, limits far above requests (a limits-above-requests violation).
        await _client.CreateAsync(new Pod
        {
            Metadata =
            {
                Name = "db-0", Namespace = Ns, Labels = new() { ["app"] = "db" },
                OwnerReferences = [new OwnerReference { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = "db", Uid = set.Metadata.Uid, Controller = true }],
            },
            Spec = Spec(["postgres"]),
        });

        var cron = await _client.CreateAsync(new CronJob
        {
            Metadata = { Name = "nightly", Namespace = Ns, Annotations = new() { [WorkloadSnapshot.CreatedByKey] = _scheduler.Email } },
            Spec = new CronJobSpec
            {
                Schedule = "0 3 * * *",
                JobTemplate = new JobTemplateSpec { Spec = new JobSpec { Template = new PodTemplateSpec { Spec = Spec(["sleep", "3600"]) } } },
            },
        });
        // The CronJob controller's Job: no record, only sleeps (a sleep-job violation).
        await _client.CreateAsync(new Job
        {
            Metadata =
            {
                Name = "nightly-29000000", Namespace = Ns,
                OwnerReferences = [new OwnerReference { ApiVersion = "batch/v1", Kind = "CronJob", Name = "nightly", Uid = cron.Metadata.Uid, Controller = true }],
            },
            Spec = new JobSpec { Template = new PodTemplateSpec { Spec = Spec(["sleep", "3600"]) } },
        });
    }

    [Fact]
    public async Task ScanAsync_StatefulSetPodAndCronJobJobWithoutRecords_NamesTheStatefulSetsAndCronJobsCreatorsFromListsAndFromCaches()
    {
        var listed = await ScanAsync();
        listed.ListedClusters.ShouldBe(1);
        await AssertCreatorsAsync();

        await _app.Services.GetRequiredService<WorkloadCache>().WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        var cached = await ScanAsync();
        cached.CachedClusters.ShouldBe(1);
        cached.Opened.ShouldBe(0);
        await AssertCreatorsAsync();
    }

    private async Task AssertCreatorsAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var open = await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<Violation>().Where(v => v.Namespace == Ns && v.ResolvedAt == null).ToListAsync();
        var pod = open.Where(v => v.Policy == PolicyKind.LimitsAboveRequests && v.PodName == "db-0").ShouldHaveSingleItem();
        pod.WorkloadKind.ShouldBe("StatefulSet");
        pod.OwnerName.ShouldBe(_stateful.Email);
        pod.OwnerId.ShouldBe(_stateful.Id);
        var job = open.Where(v => v.Policy == PolicyKind.SleepJob && v.WorkloadName == "nightly-29000000").ShouldHaveSingleItem();
        job.OwnerName.ShouldBe(_scheduler.Email);
        job.OwnerId.ShouldBe(_scheduler.Id);
    }

    private async Task<ScanResult> ScanAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ViolationScanner>().ScanAsync(default);
    }

    private static PodSpec Spec(List<string> command) => new()
    {
        Containers =
        [
            new Container
            {
                Name = "main", Image = "busybox", Command = command,
                Resources = new ResourceRequirements { Requests = new() { ["cpu"] = "100m", ["memory"] = "128Mi" }, Limits = new() { ["cpu"] = "2", ["memory"] = "128Mi" } },
            },
        ],
    };

    public async Task DisposeAsync()
    {
        _app.Dispose();
        _client.Dispose();
        await _kube.DisposeAsync();
    }
}
