using System.Collections.Concurrent;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;
using Nereid.Server.Runtime;

namespace Nereid.Server.Sessions;

/// <summary>
/// The PersistentVolumeClaims sessions may mount, read from each cluster runtime's shared informer (every replica; it only
/// reads). A claim is mountable by every session of its namespace when it is bound and ReadWriteMany (CephFS and the like).
/// </summary>
internal sealed class SessionClaims : IClusterController
{
    /// <summary>Core v1 PersistentVolumeClaims (read unstructured: only access modes and phase matter here).</summary>
    public static readonly ResourceType ClaimType = new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", Namespaced: true);

    private readonly ConcurrentDictionary<string, Informer<UnstructuredObject>> _informers = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => "session-claims";

    /// <inheritdoc />
    public bool NeedsLeadership => false;

    /// <inheritdoc />
    public async Task RunAsync(ClusterRuntime runtime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _informers[runtime.Cluster.Name] = runtime.Informers.For<UnstructuredObject>(ClaimType);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _informers.TryRemove(runtime.Cluster.Name, out _);
        }
    }

    /// <summary>Names of the bound ReadWriteMany claims of <paramref name="ns"/> in <paramref name="cluster"/> (or every cluster), sorted.</summary>
    public IReadOnlyList<string> ShareableClaims(string? cluster, string ns)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, informer) in _informers)
        {
            if (cluster is not null && name != cluster)
                continue;
            foreach (var claim in informer.List())
            {
                if (claim.Metadata.Namespace == ns && IsShareable(claim))
                    names.Add(claim.Metadata.Name!);
            }
        }
        return [.. names];
    }

    /// <summary>True when the claim is Bound and offers ReadWriteMany.</summary>
    internal static bool IsShareable(UnstructuredObject claim)
    {
        var phase = claim["status"]?["phase"]?.GetValue<string>();
        var modes = claim["spec"]?["accessModes"]?.AsArray().Select(m => m?.GetValue<string>());
        return phase == "Bound" && modes is not null && modes.Contains("ReadWriteMany");
    }
}
