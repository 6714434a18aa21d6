using Nereid.Domain.Slurm;
using Nereid.Server.Slurm;

namespace Nereid.Server.Tests.Slurm;

/// <summary>Which namespaces a pass found out of sync (what the namespace page and <c>nereid slurm status</c> read).</summary>
public sealed class SlurmNamespaceBehindTests
{
    private static readonly DateTime Now = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    private static SlurmDesiredNamespace Ns(string name, params string[] members) =>
        new(name, "UC San Diego", name + " lab", [.. members.Select(m => (m, false))], new Dictionary<string, long> { ["cpu"] = 8 }, []);

    private static SlurmObserved Applied(SlurmPlan plan) => new(
        [.. plan.Accounts],
        [.. plan.Users.Select(u => u.Name)],
        [.. plan.ParentAssociations.Concat(plan.Associations).Concat(plan.LimitRepairs)]);

    [Fact]
    public void Behind_FromNothing_EveryNamespaceWithItsAccountAndAssociationsWritten()
    {
        var desired = new[] { Ns("astro", "alice", "bob"), Ns("bio", "carol") };
        var plan = SlurmPlan.Compute(desired, new SlurmObserved([], [], []), new Dictionary<(string, string), DateTime>(), Now, Grace);

        var behind = SlurmStatusFacts.Behind(desired, plan, failed: false);

        // Account + its own association + one per member.
        behind.ShouldBe([new SlurmNamespaceSync("astro", 4, 0, 0), new SlurmNamespaceSync("bio", 3, 0, 0)]);
    }

    [Fact]
    public void Behind_WriteFailed_CountsTheChangesAsFailed()
    {
        var desired = new[] { Ns("astro", "alice") };
        var plan = SlurmPlan.Compute(desired, new SlurmObserved([], [], []), new Dictionary<(string, string), DateTime>(), Now, Grace);

        SlurmStatusFacts.Behind(desired, plan, failed: true).ShouldBe([new SlurmNamespaceSync("astro", 0, 3, 0)]);
    }

    [Fact]
    public void Behind_OneMemberAddedAndOneRemovedInsideTheGracePeriod_OnlyThatNamespace()
    {
        var before = new[] { Ns("astro", "alice", "bob"), Ns("bio", "carol") };
        var none = new Dictionary<(string, string), DateTime>();
        var observed = Applied(SlurmPlan.Compute(before, new SlurmObserved([], [], []), none, Now, Grace));
        var after = new[] { Ns("astro", "alice", "dave"), Ns("bio", "carol") };

        var plan = SlurmPlan.Compute(after, observed with { Users = [.. observed.Users, "dave"] }, none, Now, Grace);

        // dave's association is written; bob's waits for the grace period; bio is in sync and not listed.
        SlurmStatusFacts.Behind(after, plan, failed: false).ShouldBe([new SlurmNamespaceSync("astro", 1, 0, 1)]);
    }

    [Fact]
    public void Behind_NothingChanged_Empty()
    {
        var desired = new[] { Ns("astro", "alice") };
        var none = new Dictionary<(string, string), DateTime>();
        var observed = Applied(SlurmPlan.Compute(desired, new SlurmObserved([], [], []), none, Now, Grace));

        var plan = SlurmPlan.Compute(desired, observed, none, Now, Grace);

        plan.IsEmpty.ShouldBeTrue();
        SlurmStatusFacts.Behind(desired, plan, failed: false).ShouldBeEmpty();
    }
}
