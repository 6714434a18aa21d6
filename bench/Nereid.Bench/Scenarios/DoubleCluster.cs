using Microsoft.Extensions.Logging.Abstractions;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Config;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// One cluster of a bench: the Kubernetes API double in its own process (<see cref="KubeDoubleProcess"/>) and a Nereid
/// client to it, capped at <c>inflight</c> requests, whose requests <see cref="Counter"/> counts. The one set-up the
/// reconcile, failover, storage and federation scenarios share.
/// </summary>
internal sealed class DoubleCluster : IAsyncDisposable
{
    private DoubleCluster(KubeDoubleProcess kube, KubeClusterConnection connection, KubeClient client, CountingHandler counter)
    {
        Kube = kube;
        Connection = connection;
        Client = client;
        Counter = counter;
    }

    public KubeDoubleProcess Kube { get; }

    /// <summary>Server, CA and admin token from the double's kubeconfig.</summary>
    public KubeClusterConnection Connection { get; }

    public KubeClient Client { get; }

    public CountingHandler Counter { get; }

    /// <summary>
    /// Starts a double with <paramref name="latency"/> per request, the <c>--fault</c> rules <paramref name="faults"/> and
    /// more standalone-mode arguments (e.g. <c>--crds &lt;dir&gt;</c>), and a counted client to it.
    /// </summary>
    public static async Task<DoubleCluster> StartAsync(TimeSpan latency, int inflight, CancellationToken cancellationToken,
        IEnumerable<string>? faults = null, IEnumerable<string>? extraArguments = null, bool http2 = false, string? writesOf = null)
    {
        var kube = await KubeDoubleProcess.StartAsync(latency, faults ?? [], extraArguments ?? [], cancellationToken);
        var connection = KubeConfigLoader.CreateConnection(KubeConfigLoader.LoadFile(kube.KubeconfigPath), TimeProvider.System);
        var (client, counter) = ClientFor(connection, inflight, http2, writesOf);
        return new DoubleCluster(kube, connection, client, counter);
    }

    /// <summary>A new counted client to the double at <paramref name="connection"/> (requests counted from zero).</summary>
    public static (KubeClient Client, CountingHandler Counter) ClientFor(KubeClusterConnection connection, int inflight, bool http2 = false,
        string? writesOf = null)
    {
        var options = new KubernetesClientOptions { MaxConcurrentRequests = inflight, MaxConnectionsPerServer = inflight + 16, PreferHttp2 = http2 };
        var counter = new CountingHandler(KubeHttpHandlerFactory.Create(connection, options)) { WritesOf = writesOf };
        return (new KubeClient(connection, options, TimeProvider.System, NullLogger<KubeClient>.Instance, counter), counter);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Kube.DisposeAsync();
    }
}
