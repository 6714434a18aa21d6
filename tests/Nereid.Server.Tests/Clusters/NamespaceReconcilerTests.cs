using System.Net;
using Nereid.Domain.Clusters;
using Nereid.Domain.Namespaces;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Kubernetes.WorkQueue;

namespace Nereid.Server.Tests.Clusters;

public sealed class NamespaceReconcilerTests
{
    [Fact]
    public async Task ReconcileAsync_NewNamespace_CreatesEveryOwnedObjectAndReportsReady()
    {
        var rig = new ReconcilerRig();
        rig.Desired.Put("proj-a", 3, ["ada@example.org", "bob@example.org"]);

        var result = await rig.PassAsync("proj-a");

        result.ShouldBe(ReconcileResult.Done);
        rig.Cluster.Ids.Order(StringComparer.Ordinal).ShouldBe([
            "LimitRange/proj-a/nereid-defaults", "Namespace//proj-a", "NetworkPolicy/proj-a/nereid-isolation",
            "ResourceQuota/proj-a/nereid-quota", "RoleBinding/proj-a/nereid-admins", "RoleBinding/proj-a/nereid-members"]);
        rig.Cluster.Applies[0].ShouldBe("Namespace//proj-a");
        rig.Stats.Writes.ShouldBe(6);
        var ready = rig.Status.Condition(NamespaceConditionTypes.Ready);
        ready.Status.ShouldBe(ConditionStatus.True);
        ready.Reason.ShouldBe("Applied");
        ready.Message.ShouldBe("6 objects match the database. This pass created 6, updated 0 and deleted 0.");
        ready.ObservedGeneration.ShouldBe(3);
        rig.Status.Condition(NamespaceConditionTypes.Progressing).Status.ShouldBe(ConditionStatus.False);
        rig.Status.Condition(NamespaceConditionTypes.Degraded).Status.ShouldBe(ConditionStatus.False);
        rig.Status.LastUpdate.ObservedVersion.ShouldBe(3);
    }

    [Fact]
    public async Task ReconcileAsync_SecondPassUnchanged_SendsNothing()
    {
        var rig = new ReconcilerRig();
        rig.Desired.Put("proj-a", 1, ["ada@example.org"]);
        await rig.PassAsync("proj-a");
        var applies = rig.Cluster.Applies.Count;

        await rig.PassAsync("proj-a");

        rig.Cluster.Applies.Count.ShouldBe(applies);
        rig.Stats.Skipped.ShouldBe(5);
    }

    [Fact]
    public async Task ReconcileAsync_StatusWrittenByController_SendsNothingAndRemembersTheNewVersion()
    {
        var rig = new ReconcilerRig();
        rig.Desired.Put("proj-a", 1, ["ada@example.org"]);
        await rig.PassAsync("proj-a");
        rig.Cluster.Applies.Clear();
        var before = rig.Cluster.Get<ResourceQuota>("proj-a", ProjectionNames.Quota)!.Metadata.ResourceVersion;

        rig.Cluster.UpdateStatus<ResourceQuota>("proj-a", ProjectionNames.Quota, "resourcequota-controller",
            q => q.Status = new ResourceQuotaStatus { Used = new Dictionary<string, Nereid.Kubernetes.Quantities.Quantity> { ["requests.cpu"] = Nereid.Kubernetes.Quantities.Quantity.Parse("2") } });
        await rig.PassAsync("proj-a");

        rig.Cluster.Get<ResourceQuota>("proj-a", ProjectionNames.Quota)!.Metadata.ResourceVersion.ShouldNotBe(before);
        rig.Cluster.Applies.ShouldBeEmpty();
        rig.Status.Condition(NamespaceConditionTypes.Ready).Message.ShouldBe("5 objects match the database. This pass created 0, updated 0 and deleted 0.");
        // Remembered at the new version: the next pass skips it without looking at the stamp again.
        var quotaId = Nereid.Server.Clusters.OwnedKinds.All.Single(k => k.ModelType == typeof(ResourceQuota)).Id("proj-a", ProjectionNames.Quota);
        rig.Applied.IsOwnWrite(quotaId, rig.Cluster.Get<ResourceQuota>("proj-a", ProjectionNames.Quota)!.Metadata.ResourceVersion).ShouldBeTrue();
    }

    [Fact]
    public async Task ReconcileAsync_DriftByHand_AppliesOnlyTheDriftedObject()
    {
        var rig = new ReconcilerRig();
        rig.Desired.Put("proj-a", 1, ["ada@example.org"]);
        await rig.PassAsync("proj-a");
        var wanted = rig.Cluster.Get<ResourceQuota>("proj-a", ProjectionNames.Quota)!.Spec!.Hard!.Count;
        rig.Cluster.Edit<ResourceQuota>("proj-a", ProjectionNames.Quota, q => q.Spec!.Hard!.Clear());
        rig.Cluster.Applies.Clear();

        await rig.PassAsync("proj-a");

        rig.Cluster.Applies.ShouldBe(["ResourceQuota/proj-a/nereid-quota"]);
        rig.Cluster.Get<ResourceQuota>("proj-a", ProjectionNames.Quota)!.Spec!.Hard!.Count.ShouldBe(wanted);
        rig.Status.Condition(NamespaceConditionTypes.Ready).Message.ShouldBe("5 objects match the database. This pass created 0, updated 1 and deleted 0.");
    }

    [Fact]
    public async Task ReconcileAsync_QuotaChangedInNewVersion_AppliesOnlyTheNewQuota()
    {
        var rig = new ReconcilerRig();
        rig.Desired.Put("proj-a", 1, ["ada@example.org"]);
        await rig.PassAsync("proj-a");
        await rig.PassAsync("proj-a");
        rig.Cluster.Applies.Clear();
        rig.Desired.Put("proj-a", 2, ["ada@example.org"], quota: new Dictionary<string, string> { ["requests.nvidia.com/gpu"] = "7" });

        await rig.PassAsync("proj-a");

        rig.Cluster.Applies.ShouldBe(["ResourceQuota/proj-a/nereid-quota"]);
        rig.Cluster.Get<ResourceQuota>("proj-a", ProjectionNames.Quota)!.Spec!.Hard!["requests.nvidia.com/gpu"].ShouldBe("7");
        rig.Status.LastUpdate.ObservedVersion.ShouldBe(2);
    }

    [Fact]
    public async Task ReconcileAsync_MemberRemoved_PrunesTheirBindingOnly()
    {
        var rig = new ReconcilerRig();
        rig.Desired.Put("proj-a", 1, ["ada@example.org", "bob@example.org"]);
        await rig.PassAsync("proj-a");
        rig.Desired.Put("proj-a", 2, ["ada@example.org"]);

        await rig.PassAsync("proj-a");

        rig.Cluster.Deletes.ShouldBe(["RoleBinding/proj-a/nereid-members"]);
        rig.Cluster.Get<RoleBinding>("proj-a", ProjectionNames.MembersBinding).ShouldBeNull();
        rig.Cluster.Get<RoleBinding>("proj-a", ProjectionNames.AdminsBinding).ShouldNotBeNull();
        rig.Stats.Deletes.ShouldBe(1);
        rig.Status.Condition(NamespaceConditionTypes.Ready).Message.ShouldEndWith("deleted 1.");
    }

    [Fact]
    public async Task ReconcileAsync_StaleObjectOfEveryNamespacedKind_IsPruned()
    {
        var rig = new ReconcilerRig();
        rig.Desired.Put("proj-a", 1, ["ada@example.org"]);
        rig.Cluster.Seed(new LimitRange { Metadata = new ObjectMeta { Name = "old-defaults", Namespace = "proj-a" } });
        rig.Cluster.Seed(new NetworkPolicy { Metadata = new ObjectMeta { Name = "old-isolation", Namespace = "proj-a" } });
        rig.Cluster.Seed(new ResourceQuota { Metadata = new ObjectMeta { Name = "old-quota", Namespace = "proj-a" } });

        await rig.PassAsync("proj-a");

        rig.Cluster.Deletes.Order(StringComparer.Ordinal).ShouldBe([
            "LimitRange/proj-a/old-defaults", "NetworkPolicy/proj-a/old-isolation", "ResourceQuota/proj-a/old-quota"]);
    }

    [Fact]
    public async Task ReconcileAsync_GoneFromDatabase_DeletesNamespaceAndRemovesStatus()
    {
        var rig = new ReconcilerRig();
        rig.Desired.Put("proj-a", 1, ["ada@example.org"]);
        await rig.PassAsync("proj-a");
        rig.Desired.Remove("proj-a");

        var result = await rig.PassAsync("proj-a");

        result.ShouldBe(ReconcileResult.Done);
        rig.Cluster.Deletes.ShouldBe(["Namespace//proj-a"]);
        rig.Status.LastUpdate.Remove.ShouldBeTrue();
    }

    [Fact]
    public async Task ReconcileAsync_DeletionBeforeGracePeriod_RequeuesAfterRemainingTime()
    {
        var rig = new ReconcilerRig(gracePeriod: TimeSpan.FromHours(24));
        rig.Desired.Put("proj-a", 1, ["ada@example.org"]);
        await rig.PassAsync("proj-a");
        rig.Desired.Put("proj-a", 2, ["ada@example.org"], state: NamespaceState.Deleting, deletionRequestedAt: ReconcilerRig.Start.UtcDateTime);
        rig.Clock.Advance(TimeSpan.FromHours(1));

        var result = await rig.PassAsync("proj-a");

        result.ShouldBe(ReconcileResult.RequeueAfter(TimeSpan.FromHours(23)));
        rig.Cluster.Deletes.ShouldBeEmpty();
        rig.Cluster.Get<Namespace>(null, "proj-a").ShouldNotBeNull();
        var progressing = rig.Status.Condition(NamespaceConditionTypes.Progressing);
        progressing.Status.ShouldBe(ConditionStatus.True);
        progressing.Reason.ShouldBe("DeletionPending");
        progressing.Message.ShouldBe("The Kubernetes namespace is deleted at 2026-12-04 12:00:00Z (grace period).");
        rig.Status.Condition(NamespaceConditionTypes.Ready).Status.ShouldBe(ConditionStatus.False);
    }

    [Fact]
    public async Task ReconcileAsync_DeletionAfterGracePeriod_DeletesNamespace()
    {
        var rig = new ReconcilerRig(gracePeriod: TimeSpan.FromHours(24));
        rig.Desired.Put("proj-a", 1, ["ada@example.org"]);
        await rig.PassAsync("proj-a");
        rig.Desired.Put("proj-a", 2, ["ada@example.org"], state: NamespaceState.Deleting, deletionRequestedAt: ReconcilerRig.Start.UtcDateTime);
        rig.Clock.Advance(TimeSpan.FromHours(24));

        var result = await rig.PassAsync("proj-a");

        result.ShouldBe(ReconcileResult.Done);
        rig.Cluster.Deletes.ShouldBe(["Namespace//proj-a"]);
        rig.Cluster.Get<Namespace>(null, "proj-a").ShouldBeNull();
        var ready = rig.Status.Condition(NamespaceConditionTypes.Ready);
        (ready.Status, ready.Reason).ShouldBe((ConditionStatus.True, "Deleted"));
    }

    [Fact]
    public async Task ReconcileAsync_InvalidQuota_DegradedWithoutRetryAndNothingApplied()
    {
        var rig = new ReconcilerRig();
        rig.Desired.Put("proj-a", 4, ["ada@example.org"], quota: new Dictionary<string, string> { ["requests.cpu"] = "lots" });

        var result = await rig.PassAsync("proj-a");

        result.Outcome.ShouldBe(ReconcileOutcome.Terminal);
        rig.Cluster.Applies.ShouldBeEmpty();
        var degraded = rig.Status.Condition(NamespaceConditionTypes.Degraded);
        (degraded.Status, degraded.Reason, degraded.ObservedGeneration).ShouldBe((ConditionStatus.True, "InvalidInput", 4));
        degraded.Message.ShouldContain("'lots' for requests.cpu is not a Kubernetes quantity.");
        rig.Status.Condition(NamespaceConditionTypes.Ready).Status.ShouldBe(ConditionStatus.False);
    }

    [Fact]
    public async Task ReconcileAsync_ServerRejectsObject_DegradedWithoutRetry()
    {
        var rig = new ReconcilerRig();
        rig.Desired.Put("proj-a", 1, ["ada@example.org"]);
        rig.Cluster.FailNext = FakeCluster.Error(HttpStatusCode.UnprocessableEntity, "Invalid", "spec.hard: Invalid value");

        var result = await rig.PassAsync("proj-a");

        result.Outcome.ShouldBe(ReconcileOutcome.Terminal);
        var degraded = rig.Status.Condition(NamespaceConditionTypes.Degraded);
        (degraded.Status, degraded.Reason).ShouldBe((ConditionStatus.True, "Rejected"));
    }

    [Fact]
    public async Task ReconcileAsync_ApiError_ProgressingAndThrowsForBackoff()
    {
        var rig = new ReconcilerRig();
        rig.Desired.Put("proj-a", 1, ["ada@example.org"]);
        rig.Cluster.FailNext = FakeCluster.Error(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "etcd is busy");

        await Should.ThrowAsync<KubeApiException>(() => rig.PassAsync("proj-a"));

        var progressing = rig.Status.Condition(NamespaceConditionTypes.Progressing);
        (progressing.Status, progressing.Reason).ShouldBe((ConditionStatus.True, "ApiError"));
        progressing.Message.ShouldContain("etcd is busy");
        rig.Status.Condition(NamespaceConditionTypes.Ready).Status.ShouldBe(ConditionStatus.False);
        rig.Status.Condition(NamespaceConditionTypes.Degraded).Status.ShouldBe(ConditionStatus.False);
    }

    [Fact]
    public async Task ReconcileAsync_ApiErrorThenRecovery_ReadyAgainAfterRetry()
    {
        var rig = new ReconcilerRig();
        rig.Desired.Put("proj-a", 1, ["ada@example.org"]);
        rig.Cluster.FailNext = FakeCluster.Error(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "etcd is busy");
        await Should.ThrowAsync<KubeApiException>(() => rig.PassAsync("proj-a"));

        var result = await rig.PassAsync("proj-a");

        result.ShouldBe(ReconcileResult.Done);
        rig.Cluster.Ids.Count().ShouldBe(5);
        rig.Status.Condition(NamespaceConditionTypes.Ready).Status.ShouldBe(ConditionStatus.True);
    }
}
