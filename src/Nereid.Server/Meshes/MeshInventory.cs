using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;
using Nereid.Server.Runtime;

namespace Nereid.Server.Meshes;

/// <summary>
/// The testpoints of every cluster, read from each cluster runtime's shared node informer (the one the inventory
/// reads too) on every replica. Any node event moves <see cref="Version"/>; documents are rebuilt lazily from it.
/// </summary>
internal sealed class MeshInventory(IOptions<MeshOptions> options) : IClusterController
{
    private readonly ConcurrentDictionary<string, Informer<Node>> _nodes = new(StringComparer.Ordinal);
    private long _version;

    /// <inheritdoc />
    public string Name => "meshes";

    /// <inheritdoc />
    public bool NeedsLeadership => false;

    /// <summary>Moves whenever a node of any cluster is added, changed or deleted, or a cluster comes or goes.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Every testpoint of every cluster whose node informer has synced, ordered by name.</summary>
    public IReadOnlyList<MeshHost> Hosts() =>
        [.. _nodes.Where(n => n.Value.HasSynced).SelectMany(n => MeshHost.From(n.Key, n.Value.List(), options.Value)).OrderBy(h => h.Name, StringComparer.Ordinal)];

    /// <inheritdoc />
    public async Task RunAsync(ClusterRuntime runtime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var nodes = runtime.Informers.For<Node>();
        using var events = nodes.AddHandler(new InformerHandler<Node>(_ => Touch(), (o, n) => { if (!ReferenceEquals(o, n)) Touch(); }, _ => Touch()));
        _nodes[runtime.Name] = nodes;
        try
        {
            await nodes.WaitForSyncAsync(cancellationToken);
            Touch();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The runtime is stopping; its hosts leave the meshes below.
        }
        finally
        {
            _nodes.TryRemove(runtime.Name, out _);
            Touch();
        }
    }

    private void Touch() => Interlocked.Increment(ref _version);
}
