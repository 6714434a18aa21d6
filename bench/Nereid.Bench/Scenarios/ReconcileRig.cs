using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Config;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.WorkQueue;
using Nereid.Server.Clusters;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// One cluster for the <c>reconcile</c> scenario: a fresh in-process Kubernetes double (schema validation, RBAC and
/// the request log off), a client capped at <c>inflight</c> requests, and a cluster controller with its reconcile loop
/// over the shared database. <see cref="Done"/> holds every key that finished a pass.
/// </summary>
public sealed class ReconcileRig : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _running;
    private readonly Task _informers;

    private ReconcileRig(KubeApiDouble kube, KubeClusterConnection connection, KubeClient client, ClusterController controller, CancellationTokenSource stop,
        Task running, Task informers)
    {
        Kube = kube;
        Connection = connection;
        Client = client;
        Controller = controller;
        _stop = stop;
        _running = running;
        _informers = informers;
    }

    public KubeApiDouble Kube { get; }
    public KubeClusterConnection Connection { get; }
    public KubeClient Client { get; }
    public ClusterController Controller { get; }
    public ConcurrentDictionary<string, bool> Done { get; } = new(StringComparer.Ordinal);

    public static async Task<ReconcileRig> StartAsync(string cluster, IServiceScopeFactory scopes, int inflight, TimeSpan latency, bool http2, CancellationToken cancellationToken)
    {
        var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions { ValidateSchemas = false, EnforceRbac = false, RecordRequests = false }, cancellationToken);
        kube.Faults.Latency = latency;
        var connection = new KubeClusterConnection
        {
            Server = kube.BaseAddress,
            CertificateAuthorities = PemCertificates.LoadBundle(kube.CaCertificatePem),
            Credentials = new StaticTokenProvider(KubeDoubleOptions.DefaultAdminToken),
        };
        var client = new KubeClient(connection, new KubernetesClientOptions { MaxConcurrentRequests = inflight, MaxConnectionsPerServer = inflight + 16, PreferHttp2 = http2 },
            TimeProvider.System, NullLogger<KubeClient>.Instance);
        // Workers exceed the in-flight cap so a worker preparing its next object never leaves a request slot idle.
        var options = new ReconcilerOptions { Workers = 2 * inflight };
        var shared = new SharedInformers(client, TimeProvider.System, NullLoggerFactory.Instance);
        var controller = new ClusterController(new ConnectedCluster(cluster, client, new ClusterPublicInfo("https://" + cluster, "", "nereid", null)),
            shared, new DesiredStateCache(scopes, options), new StatusWriter(scopes), options, new Kubernetes.Projection.ProjectionOptions(),
            TimeProvider.System, NullLoggerFactory.Instance);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var informers = shared.RunAsync(stop.Token);
        await controller.StartObservingAsync(stop.Token);
        ReconcileRig? rig = null;
        async Task<ReconcileResult> Pass(NamespaceKey key, CancellationToken ct)
        {
            var result = await controller.Reconciler.ReconcileAsync(key, ct);
            rig!.Done[key.Name] = true;
            return result;
        }
        var loop = new ReconcileLoop<NamespaceKey>(cluster, controller.Queue, Pass, options.Workers, NullLogger<ReconcileLoop<NamespaceKey>>.Instance);
        rig = new ReconcileRig(kube, connection, client, controller, stop, loop.RunAsync(stop.Token), informers);
        return rig;
    }

    /// <summary>Waits until <paramref name="count"/> distinct keys finished a pass, then flushes the status rows.</summary>
    public async Task UntilDoneAsync(int count, CancellationToken cancellationToken)
    {
        await UntilAsync(() => Done.Count >= count, cancellationToken);
        await Controller.Status.FlushAsync(cancellationToken);
    }

    public static async Task UntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        await _informers;
        Client.Dispose();
        await Kube.DisposeAsync();
        _stop.Dispose();
    }
}
