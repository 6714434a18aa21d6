using System.Collections.Concurrent;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;
using Nereid.Server.Runtime;

namespace Nereid.Server.Storage;

/// <summary>
/// Reads every connected cluster's StorageClasses through its runtime's shared informer, on every replica (it only
/// reads), so the catalogue answers from memory and follows classes added or changed on the cluster.
/// </summary>
internal sealed class StorageClassController : IClusterController
{
    private readonly ConcurrentDictionary<string, Informer<StorageClass>> _informers = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => "storage-classes";

    /// <inheritdoc />
    public bool NeedsLeadership => false;

    /// <summary>The StorageClass informer of each running cluster, by cluster name.</summary>
    public IReadOnlyDictionary<string, Informer<StorageClass>> Informers => _informers;

    /// <inheritdoc />
    public async Task RunAsync(ClusterRuntime runtime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _informers[runtime.Name] = runtime.Informers.For<StorageClass>();
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The runtime stopped: the cluster is gone from the catalogue until it runs again.
        }
        finally
        {
            _informers.TryRemove(runtime.Name, out _);
        }
    }
}
