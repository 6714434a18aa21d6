using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Clusters;

namespace Nereid.Server.Tests.Clusters;

/// <summary>A new leader (no memory of the previous one's writes) over a converged cluster: it trusts the applied stamp.</summary>
public sealed class FailoverTests
{
    [Fact]
    public async Task ReconcileAsync_NewLeaderOverConvergedCluster_SendsNothing()
    {
        var first = new ReconcilerRig();
        first.Desired.Put("proj-a", 1, ["ada@example.org"]);
        await first.PassAsync("proj-a");
        first.Cluster.Applies.Clear();

        var successor = new ReconcilerRig(takeOverFrom: first);
        await successor.PassAsync("proj-a");

        successor.Cluster.Applies.ShouldBeEmpty();
        successor.Stats.Writes.ShouldBe(0);
        successor.Stats.Skipped.ShouldBe(5, "as a second pass of the same leader skips");
    }

    [Fact]
    public async Task ReconcileAsync_NewLeaderAfterAnEditByHand_AppliesOnlyTheEditedObject()
    {
        var first = new ReconcilerRig();
        first.Desired.Put("proj-a", 1, ["ada@example.org"]);
        await first.PassAsync("proj-a");
        var wanted = first.Cluster.Get<ResourceQuota>("proj-a", ProjectionNames.Quota)!.Spec!.Hard!.Count;
        // Edited while no leader ran: the stamp still matches, but another manager wrote the object since.
        first.Cluster.Edit<ResourceQuota>("proj-a", ProjectionNames.Quota, q => q.Spec!.Hard!.Clear());
        first.Cluster.Applies.Clear();

        var successor = new ReconcilerRig(takeOverFrom: first);
        await successor.PassAsync("proj-a");

        successor.Cluster.Applies.ShouldBe(["ResourceQuota/proj-a/nereid-quota"]);
        successor.Cluster.Get<ResourceQuota>("proj-a", ProjectionNames.Quota)!.Spec!.Hard!.Count.ShouldBe(wanted);
    }

    [Fact]
    public async Task ReconcileAsync_NewLeaderAfterTheDatabaseChanged_AppliesOnlyWhatChanged()
    {
        var first = new ReconcilerRig();
        first.Desired.Put("proj-a", 1, ["ada@example.org"]);
        await first.PassAsync("proj-a");
        first.Cluster.Applies.Clear();
        first.Desired.Put("proj-a", 2, ["ada@example.org", "bob@example.org"]);

        var successor = new ReconcilerRig(takeOverFrom: first);
        await successor.PassAsync("proj-a");

        successor.Cluster.Applies.ShouldBe(["RoleBinding/proj-a/nereid-members"]);
        successor.Cluster.Get<RoleBinding>("proj-a", ProjectionNames.MembersBinding)!.Metadata.Annotations![AppliedStamp.Annotation].ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task ReconcileAsync_AdoptedObjectEditedLater_IsRepaired()
    {
        var first = new ReconcilerRig();
        first.Desired.Put("proj-a", 1, ["ada@example.org"]);
        await first.PassAsync("proj-a");
        var successor = new ReconcilerRig(takeOverFrom: first);
        await successor.PassAsync("proj-a");
        successor.Cluster.Edit<ResourceQuota>("proj-a", ProjectionNames.Quota, q => q.Spec!.Hard!.Clear());
        successor.Cluster.Applies.Clear();

        await successor.PassAsync("proj-a");

        successor.Cluster.Applies.ShouldBe(["ResourceQuota/proj-a/nereid-quota"]);
    }
}
