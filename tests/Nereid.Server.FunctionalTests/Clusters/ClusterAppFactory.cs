using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Config;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Auth;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.Namespaces;
using Nereid.Server.Runtime;

namespace Nereid.Server.FunctionalTests.Clusters;

/// <summary>The real server connected to one in-process Kubernetes API double as cluster <c>test</c>.</summary>
public sealed class ClusterAppFactory : NereidAppFactory
{
    public const string ClusterName = "test";

    private ClusterAppFactory(KubeApiDouble kube, KubeClient nereidClient, KubeClient adminClient)
    {
        Kube = kube;
        NereidClient = nereidClient;
        Admin = adminClient;
        With("Nereid:Reconciler:DatabasePollInterval", "00:00:00.100");
        With("Nereid:Reconciler:Workers", "4");
    }

    public KubeApiDouble Kube { get; }

    /// <summary>The client Nereid uses (its own identity).</summary>
    public KubeClient NereidClient { get; }

    /// <summary>An admin client for inspecting and tampering with the cluster.</summary>
    public KubeClient Admin { get; }

    /// <summary>Starts a double (optionally customised) and a factory whose Nereid acts with <paramref name="token"/>.</summary>
    public static async Task<ClusterAppFactory> StartAsync(Action<KubeDoubleOptions>? configure = null, string token = KubeDoubleOptions.DefaultAdminToken,
        int maxInFlight = 32)
    {
        var options = new KubeDoubleOptions();
        options.SeedObjects.Add(JsonNode.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"nereid-system"}}""")!.AsObject());
        configure?.Invoke(options);
        var kube = await KubeApiDouble.StartAsync(options, CancellationToken.None);
        return new ClusterAppFactory(kube, ClientFor(kube, token, maxInFlight), ClientFor(kube, KubeDoubleOptions.DefaultAdminToken, 32));
    }

    /// <summary>A real KubeClient against the double.</summary>
    public static KubeClient ClientFor(KubeApiDouble kube, string token, int maxInFlight) =>
        new(new KubeClusterConnection
        {
            Server = kube.BaseAddress,
            CertificateAuthorities = PemCertificates.LoadBundle(kube.CaCertificatePem),
            Credentials = new StaticTokenProvider(token),
        }, new KubernetesClientOptions { MaxConcurrentRequests = maxInFlight, RetryBaseDelay = TimeSpan.FromMilliseconds(20), RetryMaxDelay = TimeSpan.FromMilliseconds(500) },
            TimeProvider.System, NullLogger<KubeClient>.Instance);

    /// <summary>The app's own reconciler replica (its runtime host and namespace controllers).</summary>
    internal ReconcilerReplica Primary => new(Services.GetRequiredService<ClusterRuntimeHost>(), Services.GetRequiredService<NamespaceControllers>());

    /// <summary>The controller leading cluster <c>test</c> in this process (waits until it exists).</summary>
    internal async Task<ClusterController> ControllerAsync()
    {
        var controllers = Services.GetRequiredService<NamespaceControllers>();
        ClusterController? c = null;
        await Eventually.TrueAsync(() => Task.FromResult(controllers.Controllers.TryGetValue(ClusterName, out c)), "the reconciler never led cluster 'test'");
        return c!;
    }

    /// <summary>
    /// Another replica of the reconciler in this process (same database, same cluster, its own runtime, identity and
    /// lease campaign); start and stop it with StartAsync/StopAsync.
    /// </summary>
    internal ReconcilerReplica NewReplica(string identity)
    {
        var sp = Services;
        var options = Options.Create(new ReconcilerOptions { DatabasePollInterval = TimeSpan.FromMilliseconds(100), Workers = 4, Identity = identity });
        var namespaces = new NamespaceControllers(sp.GetRequiredService<IServiceScopeFactory>(), options, sp.GetRequiredService<IOptions<ProjectionOptions>>(),
            sp.GetRequiredService<IOptions<List<ClusterOptions>>>(), TimeProvider.System, sp.GetRequiredService<ILoggerFactory>());
        var host = new ClusterRuntimeHost(sp.GetRequiredService<IClusterConnections>(), [namespaces], options, TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>());
        return new ReconcilerReplica(host, namespaces);
    }

    /// <summary>Creates a namespace administered by <paramref name="admin"/> with extra plain members.</summary>
    public async Task CreateNamespaceAsync(string name, Person admin, params Person[] members)
    {
        await using var scope = Services.CreateAsyncScope();
        var namespaces = scope.ServiceProvider.GetRequiredService<NamespaceService>();
        var actor = new Actor(admin.Id, admin.DisplayName, admin.Tier);
        await namespaces.CreateAsync(actor, new NamespaceInput(name, "UC San Diego", ["Prof. Example"], ["NSF-1"], [], "A test namespace.", []), default);
        foreach (var m in members)
        {
            await namespaces.SetMemberAsync(actor, name, m.Email, MembershipRole.Member, default);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IClusterConnections>(new StaticClusterConnections(
        [
            new ConnectedCluster(ClusterName, NereidClient, new ClusterPublicInfo(Kube.BaseAddress.ToString(), Kube.CaCertificatePem, "nereid", "test-region")),
        ])));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        NereidClient.Dispose();
        Admin.Dispose();
        await Kube.DisposeAsync();
    }
}

/// <summary>One reconciler replica: a cluster runtime host and the namespace controllers it runs.</summary>
internal sealed record ReconcilerReplica(ClusterRuntimeHost Host, NamespaceControllers Namespaces)
{
    public string Identity => Host.Identity;

    public IReadOnlyDictionary<string, ClusterController> Controllers => Namespaces.Controllers;

    public Task StartAsync(CancellationToken cancellationToken) => Host.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Host.StopAsync(cancellationToken);
}

/// <summary>Polls a condition until it holds (a deadline only guards against hangs; nothing here measures speed).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string because, int seconds = 60)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new ShouldAssertException($"Timed out waiting: {because}");
            }
            await Task.Delay(50);
        }
    }
}
