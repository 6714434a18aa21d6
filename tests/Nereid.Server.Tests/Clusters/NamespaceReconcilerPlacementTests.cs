using Nereid.Domain.Clusters;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.WorkQueue;
using Nereid.Server.Clusters;

namespace Nereid.Server.Tests.Clusters;

/// <summary>A namespace taken off this cluster: kept through the grace period, then deleted; never deleted without a placement change.</summary>
public sealed class NamespaceReconcilerPlacementTests
{
    private static readonly DateTime Start = ReconcilerRig.Start.UtcDateTime;

    [Fact]
    public async Task ReconcileAsync_NeverPlacedHere_CreatesNothingAndDropsStatus()
    {
        var rig = new ReconcilerRig();
        rig.Desired.Put("proj-a", 1, ["ada@example.org"], placement: new ClusterPlacement(false, null));

        var result = await rig.PassAsync("proj-a");

        result.ShouldBe(ReconcileResult.Done);
        rig.Cluster.Applies.ShouldBeEmpty();
        rig.Status.LastUpdate.Remove.ShouldBeTrue();
    }

    [Fact]
    public async Task ReconcileAsync_RemovedBeforeGracePeriod_KeepsNamespaceAndRequeuesAtTheEnd()
    {
        var rig = new ReconcilerRig(gracePeriod: TimeSpan.FromHours(24));
        rig.Desired.Put("proj-a", 1, ["ada@example.org"]);
        await rig.PassAsync("proj-a");
        rig.Desired.Put("proj-a", 2, ["ada@example.org"], placement: new ClusterPlacement(false, Start));
        rig.Clock.Advance(TimeSpan.FromHours(2));

        var result = await rig.PassAsync("proj-a");

        result.ShouldBe(ReconcileResult.RequeueAfter(TimeSpan.FromHours(22)));
        rig.Cluster.Deletes.ShouldBeEmpty();
        rig.Cluster.Get<Namespace>(null, "proj-a").ShouldNotBeNull();
        var progressing = rig.Status.Condition(NamespaceConditionTypes.Progressing);
        (progressing.Status, progressing.Reason).ShouldBe((ConditionStatus.True, "RemovalPending"));
        progressing.Message.ShouldBe("The Kubernetes namespace is deleted at 2026-12-04 12:00:00Z (grace period).");
    }

    [Fact]
    public async Task ReconcileAsync_RemovedAfterGracePeriod_DeletesNamespaceThenDropsStatus()
    {
        var rig = new ReconcilerRig(gracePeriod: TimeSpan.FromHours(24));
        rig.Desired.Put("proj-a", 1, ["ada@example.org"]);
        await rig.PassAsync("proj-a");
        rig.Desired.Put("proj-a", 2, ["ada@example.org"], placement: new ClusterPlacement(false, Start));
        rig.Clock.Advance(TimeSpan.FromHours(24));

        var deleted = await rig.PassAsync("proj-a");
        var settled = await rig.PassAsync("proj-a");

        (deleted, settled).ShouldBe((ReconcileResult.Done, ReconcileResult.Done));
        rig.Cluster.Deletes.ShouldBe(["Namespace//proj-a"]);
        rig.Cluster.Get<Namespace>(null, "proj-a").ShouldBeNull();
        rig.Status.Updates[^2].Conditions.Single(c => c.Type == NamespaceConditionTypes.Ready).Reason.ShouldBe("Unplaced");
        rig.Status.LastUpdate.Remove.ShouldBeTrue();
    }

    [Fact]
    public async Task ReconcileAsync_DefaultSetNoLongerHoldsCluster_LeavesNamespaceAndSaysSo()
    {
        var rig = new ReconcilerRig(gracePeriod: TimeSpan.Zero);
        rig.Desired.Put("proj-a", 1, ["ada@example.org"]);
        await rig.PassAsync("proj-a");
        rig.Desired.Put("proj-a", 1, ["ada@example.org"], placement: new ClusterPlacement(false, null));

        var result = await rig.PassAsync("proj-a");

        result.ShouldBe(ReconcileResult.Done);
        rig.Cluster.Deletes.ShouldBeEmpty();
        rig.Status.Condition(NamespaceConditionTypes.Ready).Reason.ShouldBe("NotPlaced");
    }

    [Fact]
    public async Task ReconcileAsync_PlacedAgainDuringGracePeriod_AppliesAsBefore()
    {
        var rig = new ReconcilerRig(gracePeriod: TimeSpan.FromHours(24));
        rig.Desired.Put("proj-a", 1, ["ada@example.org"], placement: new ClusterPlacement(false, Start));
        await rig.PassAsync("proj-a");
        rig.Desired.Put("proj-a", 2, ["ada@example.org"], placement: new ClusterPlacement(true, null));

        var result = await rig.PassAsync("proj-a");

        result.ShouldBe(ReconcileResult.Done);
        rig.Cluster.Get<Namespace>(null, "proj-a").ShouldNotBeNull();
        rig.Status.Condition(NamespaceConditionTypes.Ready).Reason.ShouldBe("Applied");
    }
}
