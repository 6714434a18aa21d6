using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nereid.Domain.People;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.Namespaces;
using Nereid.Server.Policies;
using Nereid.TestSupport.Prometheus;
using Nereid.TestSupport.Smtp;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>Nereid connected to a Kubernetes double and a real Prometheus scraping a test /metrics, with an SMTP sink.</summary>
public sealed class PolicyWorld : IAsyncLifetime
{
    public const string Ns = "ml-team";
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);
    /// <summary>Short, so the slow-receiver test does not wait long.</summary>
    public static readonly TimeSpan WebhookTimeout = TimeSpan.FromSeconds(2);

    public KubeApiDouble Kube { get; private set; } = null!;
    public KubeClient Client { get; private set; } = null!;
    public MetricsEndpoint Metrics { get; private set; } = null!;
    public PrometheusServer Prometheus { get; private set; } = null!;
    public SmtpSink Smtp { get; } = SmtpSink.Start();
    internal PolicyApp App { get; private set; } = null!;
    public Person Owner { get; private set; } = null!;
    public Person NamespaceAdmin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Objects are created "8 hours ago" so pods are older than the usage window and the bare-pod limit.
        Kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions { TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-8)) }, default);
        Client = DoubleClient.Admin(Kube);
        await SeedClusterAsync();

        Metrics = await MetricsEndpoint.StartAsync();
        Metrics.Gpus.Add((Ns, "trainer-7d9f-abcde", 5, false));
        Metrics.Gpus.Add((Ns, "busy-5f5f-xyz12", 60, false));
        Metrics.Gpus.Add((Ns, "exc-1a2b-qwe34", 5, true));
        foreach (var pod in new[] { "trainer-7d9f-abcde", "busy-5f5f-xyz12", "exc-1a2b-qwe34" })
            Metrics.Containers.Add((Ns, pod, 3, 10.0 * 1024 * 1024 * 1024));
        Prometheus = await PrometheusServer.StartAsync([Metrics.MetricsUri], TimeSpan.FromSeconds(1));
        await Prometheus.WaitForSeriesAsync(PolicyQueries.CpuCores(Window), TimeSpan.FromSeconds(60));

        App = new PolicyApp(new StaticClusterConnections([new ConnectedCluster("double", Client, new ClusterPublicInfo(Kube.BaseAddress.ToString(), Kube.CaCertificatePem, "nereid", null))]));
        App.With("Nereid:Policies:Enabled", "false")
            .With("Nereid:Policies:PrometheusUrl", Prometheus.BaseAddress.ToString())
            .With("Nereid:Policies:UsageWindow", Window.ToString())
            .With("Nereid:Policies:Notices:SmtpHost", Smtp.Host)
            .With("Nereid:Policies:Notices:SmtpPort", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Nereid:Policies:Notices:WebhookTimeout", WebhookTimeout.ToString());
        Owner = await App.CreatePersonAsync("gpu-owner", Tier.User);
        NamespaceAdmin = await App.CreatePersonAsync("ml-admin", Tier.Admin);
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NamespaceService>().CreateAsync(MatrixWorld.ActorOf(NamespaceAdmin),
            new NamespaceInput(Ns, "UC San Diego", ["Prof. Example"], [], ["PyTorch"], "GPU team.", []), default);
        await using var admin = App.Services.CreateAsyncScope();
        await admin.ServiceProvider.GetRequiredService<ViolationService>().CreateExceptionAsync(MatrixWorld.ActorOf(await App.AdminAsync()),
            new PolicyExceptionInput(Ns, "exc-1a2b-qwe34", "gpu-idle", "Benchmarking the data loader", DateTime.UtcNow.AddDays(7)), default);
    }

    /// <summary>Runs one scan in a fresh scope, as the background service does.</summary>
    internal async Task<ScanResult> ScanAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ViolationScanner>().ScanAsync(default);
    }

    private async Task SeedClusterAsync()
    {
        await Client.CreateAsync(new Namespace { Metadata = { Name = Ns } });
        foreach (var d in new[] { "trainer", "busy", "exc" })
        {
            await Client.CreateAsync(new Deployment
            {
                Metadata = { Name = d, Namespace = Ns },
                Spec = new DeploymentSpec
                {
                    Replicas = 1,
                    Selector = new LabelSelector { MatchLabels = new() { ["app"] = d } },
                    Template = new PodTemplateSpec { Metadata = new ObjectMeta { Labels = new() { ["app"] = d } }, Spec = Spec("1", "4", "16Gi") },
                },
            });
        }
        await CreatePodAsync("trainer-7d9f-abcde", "trainer-7d9f", "4", "16Gi", "1", "gpu-owner@example.edu");
        await CreatePodAsync("busy-5f5f-xyz12", "busy-5f5f", "4", "16Gi", "1", null);
        await CreatePodAsync("exc-1a2b-qwe34", "exc-1a2b", "4", "16Gi", "1", null);
        await CreatePodAsync("old-bare", null, "100m", "128Mi", null, null);
    }

    private Task<Pod> CreatePodAsync(string name, string? replicaSet, string cpu, string memory, string? gpu, string? owner)
    {
        var pod = new Pod { Metadata = { Name = name, Namespace = Ns }, Spec = Spec(gpu, cpu, memory) };
        if (replicaSet is not null)
            pod.Metadata.OwnerReferences = [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = replicaSet, Uid = Guid.NewGuid().ToString(), Controller = true }];
        if (owner is not null)
            pod.Metadata.Annotations = new() { [WorkloadSnapshot.CreatedByKey] = owner };
        return CreateRunningAsync(pod);
    }

    /// <summary>Creates the pod, then reports it Running as its kubelet would (a created pod is Pending until then).</summary>
    private async Task<Pod> CreateRunningAsync(Pod pod)
    {
        var created = await Client.CreateAsync(pod);
        created.Status = new PodStatus { Phase = "Running" };
        return await Client.UpdateAsync(ResourceType.Of<Pod>(), created, "status");
    }

    private static PodSpec Spec(string? gpu, string cpu, string memory)
    {
        var requests = new Dictionary<string, Nereid.Kubernetes.Quantities.Quantity> { ["cpu"] = cpu, ["memory"] = memory };
        if (gpu is not null)
            requests["nvidia.com/gpu"] = gpu;
        return new PodSpec { Containers = [new Container { Name = "main", Image = "pytorch/pytorch", Resources = new ResourceRequirements { Requests = requests, Limits = new(requests) } }] };
    }

    public async Task DisposeAsync()
    {
        App.Dispose();
        await Prometheus.DisposeAsync();
        await Metrics.DisposeAsync();
        await Smtp.DisposeAsync();
        Client.Dispose();
        await Kube.DisposeAsync();
    }
}

/// <summary>The app factory with the double registered as its one cluster.</summary>
internal sealed class PolicyApp(IClusterConnections clusters) : NereidAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton(clusters));
    }
}
