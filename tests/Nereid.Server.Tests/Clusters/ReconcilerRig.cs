using Microsoft.Extensions.Time.Testing;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Clusters;

namespace Nereid.Server.Tests.Clusters;

/// <summary>A <see cref="NamespaceReconciler"/> over in-memory fakes of its ports and a fake clock.</summary>
internal sealed class ReconcilerRig
{
    public static readonly DateTimeOffset Start = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    public ReconcilerRig(TimeSpan? gracePeriod = null)
    {
        Options = new ReconcilerOptions { DeletionGracePeriod = gracePeriod ?? TimeSpan.FromHours(24) };
        Reconciler = new NamespaceReconciler(new ReconcilerPorts("test", Desired, Cluster, Cluster, Status), Applied, Stats,
            new ProjectionOptions(), Options, Clock);
    }

    public FakeTimeProvider Clock { get; } = new(Start);
    public FakeDesired Desired { get; } = new();
    public FakeCluster Cluster { get; } = new();
    public FakeStatus Status { get; } = new();
    public AppliedObjects Applied { get; } = new();
    public ReconcilerStats Stats { get; } = new();
    public ReconcilerOptions Options { get; }
    public NamespaceReconciler Reconciler { get; }

    public Task<Nereid.Kubernetes.WorkQueue.ReconcileResult> PassAsync(string name) =>
        Reconciler.ReconcileAsync(new NamespaceKey(name), CancellationToken.None);
}
