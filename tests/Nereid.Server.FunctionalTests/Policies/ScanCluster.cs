using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.Policies;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>
/// One Kubernetes double (objects created "8 hours ago") with a bare pod, a Deployment with a pod, a sleeping Job with a
/// pod; Nereid connected to it with the background scan off and no Prometheus (workload policies only).
/// </summary>
public sealed class ScanCluster : IAsyncLifetime
{
    public const string Ns = "scan-team";

    public KubeApiDouble Kube { get; private set; } = null!;
    public KubeClient Client { get; private set; } = null!;
    internal PolicyApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions { TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-8)) }, default);
        Client = DoubleClient.Admin(Kube);
        await Client.CreateAsync(new Namespace { Metadata = { Name = Ns } });
        await Client.CreateAsync(new Deployment
        {
            Metadata = { Name = "web", Namespace = Ns, Annotations = new() { [WorkloadSnapshot.CreatedByKey] = "deployer@example.edu" } },
            Spec = new DeploymentSpec
            {
                Replicas = 1, Selector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } },
                Template = new PodTemplateSpec { Metadata = new ObjectMeta { Labels = new() { ["app"] = "web" } }, Spec = Spec() },
            },
        });
        await Client.CreateAsync(new Job
        {
            Metadata = { Name = "nap", Namespace = Ns, Annotations = new() { [WorkloadSnapshot.CreatedByKey] = "sleeper@example.edu" } },
            Spec = new JobSpec { Template = new PodTemplateSpec { Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "busybox", Command = ["sleep", "infinity"] }] } } },
        });
        await CreatePodAsync("web-5d8c7b-abcde", new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web-5d8c7b", Uid = Guid.NewGuid().ToString(), Controller = true });
        await CreatePodAsync("nap-x1y2z", new OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = "nap", Uid = Guid.NewGuid().ToString(), Controller = true });
        await CreatePodAsync("bare-1", null);

        App = new PolicyApp(new StaticClusterConnections([new ConnectedCluster("double", Client, new ClusterPublicInfo(Kube.BaseAddress.ToString(), Kube.CaCertificatePem, "nereid", null))]));
        App.With("Nereid:Policies:Enabled", "false");
        _ = App.Services;
    }

    /// <summary>Creates a pod with one small container; bare when <paramref name="owner"/> is null.</summary>
    public Task<Pod> CreatePodAsync(string name, OwnerReference? owner)
    {
        var pod = new Pod { Metadata = { Name = name, Namespace = Ns, Labels = new() { ["pod-template-hash"] = "5d8c7b" } }, Spec = Spec() };
        if (owner is not null)
            pod.Metadata.OwnerReferences = [owner];
        return Client.CreateAsync(pod);
    }

    /// <summary>Runs one scan in a fresh scope, as the background service does.</summary>
    internal async Task<ScanResult> ScanAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ViolationScanner>().ScanAsync(default);
    }

    private static PodSpec Spec() => new()
    {
        Containers = [new Container { Name = "main", Image = "nginx", Resources = new ResourceRequirements { Requests = new() { ["cpu"] = "100m", ["memory"] = "128Mi" } } }],
    };

    public async Task DisposeAsync()
    {
        App.Dispose();
        Client.Dispose();
        await Kube.DisposeAsync();
    }
}
