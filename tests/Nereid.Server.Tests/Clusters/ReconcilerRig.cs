using Microsoft.Extensions.Time.Testing;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Clusters;

namespace Nereid.Server.Tests.Clusters;

/// <summary>A <see cref="NamespaceReconciler"/> over in-memory fakes of its ports and a fake clock.</summary>
internal sealed class ReconcilerRig
{
    public static readonly DateTimeOffset Start = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A reconciler over a fresh cluster, or (a new leader) over another rig's cluster and database with no memory of its writes.</summary>
    public ReconcilerRig(TimeSpan? gracePeriod = null, ReconcilerRig? takeOverFrom = null)
    {
        Cluster = takeOverFrom?.Cluster ?? new FakeCluster();
        Desired = takeOverFrom?.Desired ?? new FakeDesired();
        Options = new ReconcilerOptions { DeletionGracePeriod = gracePeriod ?? TimeSpan.FromHours(24) };
        Reconciler = new NamespaceReconciler(new ReconcilerPorts("test", Desired, Cluster, Cluster, Status), Applied, Stats,
            new ProjectionOptions(), Options, Clock);
    }

    public FakeTimeProvider Clock { get; } = new(Start);
    public FakeDesired Desired { get; }
    public FakeCluster Cluster { get; }
    public FakeStatus Status { get; } = new();
    public AppliedObjects Applied { get; } = new();
    public ReconcilerStats Stats { get; } = new();
    public ReconcilerOptions Options { get; }
    public NamespaceReconciler Reconciler { get; }

    public Task<Nereid.Kubernetes.WorkQueue.ReconcileResult> PassAsync(string name) =>
        Reconciler.ReconcileAsync(new NamespaceKey(name), CancellationToken.None);
}
