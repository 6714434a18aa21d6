using Nereid.Domain.Clusters;
using Nereid.Server.Clusters;

namespace Nereid.Server.Tests.Clusters;

public sealed class NamespaceConditionsTests
{
    [Fact]
    public async Task ReconcileAsync_StatusUnchangedAcrossPasses_KeepsLastTransitionTime()
    {
        var rig = new ReconcilerRig();
        rig.Desired.Put("proj-a", 1, ["ada@example.org"]);
        await rig.PassAsync("proj-a");
        var firstReady = rig.Status.Condition(NamespaceConditionTypes.Ready);
        rig.Clock.Advance(TimeSpan.FromMinutes(10));
        rig.Desired.Put("proj-a", 2, ["ada@example.org", "bob@example.org"]);

        await rig.PassAsync("proj-a");

        var ready = rig.Status.Condition(NamespaceConditionTypes.Ready);
        ready.Status.ShouldBe(ConditionStatus.True);
        ready.LastTransitionTime.ShouldBe(firstReady.LastTransitionTime);
        ready.ObservedGeneration.ShouldBe(2);
        rig.Status.LastUpdate.At.ShouldBe(ReconcilerRig.Start.UtcDateTime.AddMinutes(10));
    }

    [Fact]
    public async Task ReconcileAsync_StatusFlipsAndBack_EachFlipSetsNewTransitionTime()
    {
        var rig = new ReconcilerRig();
        rig.Desired.Put("proj-a", 1, ["ada@example.org"]);
        await rig.PassAsync("proj-a");
        rig.Clock.Advance(TimeSpan.FromMinutes(5));
        rig.Desired.Put("proj-a", 2, ["ada@example.org"], quota: new Dictionary<string, string> { ["requests.cpu"] = "lots" });
        await rig.PassAsync("proj-a");
        var broken = rig.Status.LastUpdate.Conditions;
        rig.Clock.Advance(TimeSpan.FromMinutes(5));
        rig.Desired.Put("proj-a", 3, ["ada@example.org"]);

        await rig.PassAsync("proj-a");

        var brokenAt = ReconcilerRig.Start.UtcDateTime.AddMinutes(5);
        var fixedAt = ReconcilerRig.Start.UtcDateTime.AddMinutes(10);
        broken.Single(c => c.Type == NamespaceConditionTypes.Degraded).LastTransitionTime.ShouldBe(brokenAt);
        broken.Single(c => c.Type == NamespaceConditionTypes.Ready).LastTransitionTime.ShouldBe(brokenAt);
        // Progressing stayed False throughout, so it still carries the first pass's time.
        broken.Single(c => c.Type == NamespaceConditionTypes.Progressing).LastTransitionTime.ShouldBe(ReconcilerRig.Start.UtcDateTime);
        rig.Status.Condition(NamespaceConditionTypes.Degraded).LastTransitionTime.ShouldBe(fixedAt);
        rig.Status.Condition(NamespaceConditionTypes.Ready).LastTransitionTime.ShouldBe(fixedAt);
        rig.Status.Condition(NamespaceConditionTypes.Progressing).LastTransitionTime.ShouldBe(ReconcilerRig.Start.UtcDateTime);
    }

    [Fact]
    public void Compute_EveryOutcome_GivesExactlyOneConditionPerType()
    {
        foreach (var outcome in Enum.GetValues<PassOutcome>())
        {
            var conditions = NamespaceConditions.Compute(1, new ObservedSummary(5, 0, 0, 0), new PassReport(outcome, "x"), [], DateTime.UnixEpoch);

            conditions.Select(c => c.Type).ShouldBe([NamespaceConditionTypes.Ready, NamespaceConditionTypes.Progressing, NamespaceConditionTypes.Degraded]);
            conditions.ShouldAllBe(c => c.Status == ConditionStatus.True || c.Status == ConditionStatus.False);
        }
    }

    [Theory]
    [InlineData(PassOutcome.Applied, ClusterCondition.Ready)]
    [InlineData(PassOutcome.Deleted, ClusterCondition.Ready)]
    [InlineData(PassOutcome.Raced, ClusterCondition.Progressing)]
    [InlineData(PassOutcome.DeletionPending, ClusterCondition.Progressing)]
    [InlineData(PassOutcome.ApiError, ClusterCondition.Progressing)]
    [InlineData(PassOutcome.RemovalPending, ClusterCondition.Progressing)]
    [InlineData(PassOutcome.Unplaced, ClusterCondition.Ready)]
    [InlineData(PassOutcome.NotPlaced, ClusterCondition.Progressing)]
    [InlineData(PassOutcome.InvalidInput, ClusterCondition.Degraded)]
    [InlineData(PassOutcome.Rejected, ClusterCondition.Degraded)]
    internal void Summarize_Outcome_GivesTheOneWordCondition(PassOutcome outcome, ClusterCondition expected)
    {
        var conditions = NamespaceConditions.Compute(1, default, new PassReport(outcome, "detail"), [], DateTime.UnixEpoch);

        NamespaceConditions.Summarize(conditions).Condition.ShouldBe(expected);
    }

    [Fact]
    public void KeepTransitionTimes_StoredRowAfterRestart_KeepsStoredTimeForUnchangedStatus()
    {
        var stored = new NamespaceCondition(NamespaceConditionTypes.Ready, ConditionStatus.True, "Applied", "", DateTime.UnixEpoch, 1);
        var next = NamespaceConditions.Compute(2, default, new PassReport(PassOutcome.Applied), [], DateTime.UnixEpoch.AddDays(1));

        var kept = NamespaceConditions.KeepTransitionTimes([stored], next);

        kept.Single(c => c.Type == NamespaceConditionTypes.Ready).LastTransitionTime.ShouldBe(DateTime.UnixEpoch);
        kept.Single(c => c.Type == NamespaceConditionTypes.Degraded).LastTransitionTime.ShouldBe(DateTime.UnixEpoch.AddDays(1));
    }
}
