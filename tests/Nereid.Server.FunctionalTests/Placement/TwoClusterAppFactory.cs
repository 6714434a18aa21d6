using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Placement;

/// <summary>The real server connected to two Kubernetes API doubles as clusters <c>east</c> and <c>west</c>.</summary>
public sealed class TwoClusterAppFactory : NereidAppFactory
{
    public const string East = "east";
    public const string West = "west";

    private readonly Dictionary<string, (KubeApiDouble Kube, KubeClient Nereid, KubeClient Admin)> _clusters;
    private readonly HashSet<string> _stopped = new(StringComparer.Ordinal);
    private readonly bool _ownsClusters = true;

    private TwoClusterAppFactory(Dictionary<string, (KubeApiDouble, KubeClient, KubeClient)> clusters)
    {
        _clusters = clusters;
        Defaults();
    }

    private TwoClusterAppFactory(TwoClusterAppFactory primary) : base(primary)
    {
        _clusters = primary._clusters;
        _ownsClusters = false;
    }

    private void Defaults()
    {
        With("Nereid:Reconciler:DatabasePollInterval", "00:00:00.100");
        With("Nereid:Reconciler:Workers", "4");
        // Moves take effect at once here; the grace period itself is covered by the reconciler's unit tests.
        With("Nereid:Reconciler:DeletionGracePeriod", "00:00:00");
    }

    /// <summary>Starts both doubles, each configured further by <paramref name="configure"/> when given.</summary>
    public static Task<TwoClusterAppFactory> StartAsync(Action<KubeDoubleOptions>? configure = null) =>
        StartAsync((_, options) => configure?.Invoke(options));

    /// <summary>
    /// Starts both doubles, each configured by <paramref name="configure"/> given its cluster's name; the server calls
    /// them with <paramref name="nereidToken"/> (a user <paramref name="configure"/> defines), else as the double's admin.
    /// </summary>
    public static async Task<TwoClusterAppFactory> StartAsync(Action<string, KubeDoubleOptions> configure, string? nereidToken = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var clusters = new Dictionary<string, (KubeApiDouble, KubeClient, KubeClient)>(StringComparer.Ordinal);
        foreach (var name in new[] { East, West })
        {
            var options = new KubeDoubleOptions();
            options.SeedObjects.Add(JsonNode.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"nereid-system"}}""")!.AsObject());
            configure(name, options);
            var kube = await KubeApiDouble.StartAsync(options, CancellationToken.None);
            clusters[name] = (kube, ClusterAppFactory.ClientFor(kube, nereidToken ?? KubeDoubleOptions.DefaultAdminToken, 32),
                ClusterAppFactory.ClientFor(kube, KubeDoubleOptions.DefaultAdminToken, 32));
        }
        return new TwoClusterAppFactory(clusters);
    }

    /// <summary>
    /// Another replica of the server: the same database, clusters and settings, its own host, runtimes and lease
    /// campaign — a follower while this one leads. Disposing it leaves the database and the doubles to this factory.
    /// </summary>
    public TwoClusterAppFactory NewReplica() => new(this);

    /// <summary>The double serving <paramref name="cluster"/>.</summary>
    public KubeApiDouble Kube(string cluster) => _clusters[cluster].Kube;

    /// <summary>An admin client for inspecting <paramref name="cluster"/>.</summary>
    public KubeClient Admin(string cluster) => _clusters[cluster].Admin;

    /// <summary>True when <paramref name="cluster"/> holds a live (not terminating) namespace <paramref name="name"/>.</summary>
    public async Task<bool> HasNamespaceAsync(string cluster, string name) =>
        await Admin(cluster).GetAsync<Namespace>(null, name) is { Metadata.DeletionTimestamp: null };

    /// <summary>Shuts <paramref name="cluster"/>'s double down: from now on the cluster is unreachable.</summary>
    public async Task StopClusterAsync(string cluster)
    {
        if (_stopped.Add(cluster))
        {
            await _clusters[cluster].Kube.DisposeAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IClusterConnections>(new StaticClusterConnections(
        [
            .. _clusters.Select(c => new ConnectedCluster(c.Key, c.Value.Nereid,
                new ClusterPublicInfo(c.Value.Kube.BaseAddress.ToString(), c.Value.Kube.CaCertificatePem, "nereid", $"region-{c.Key}"))),
        ])));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!_ownsClusters)
        {
            return;
        }
        foreach (var (name, (kube, nereid, admin)) in _clusters)
        {
            nereid.Dispose();
            admin.Dispose();
            await StopClusterAsync(name);
        }
    }
}
