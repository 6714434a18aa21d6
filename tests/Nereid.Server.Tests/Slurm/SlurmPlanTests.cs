using Nereid.Server.Slurm;

namespace Nereid.Server.Tests.Slurm;

public sealed class SlurmPlanTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);
    private static readonly Dictionary<(string, string), DateTime> NoneUnwanted = [];

    private static SlurmDesiredNamespace Physics(params string[] members) =>
        new("physics", "UC San Diego", "Physics lab", [.. members.Select(m => (m, false))],
            new Dictionary<string, long> { ["cpu"] = 8, ["gres/gpu"] = 2 }, []);

    private static SlurmObserved Empty => new([], [], []);

    // What Slurm would hold after applying a plan from nothing, as slurmrestd lists it (QOS "normal" by default).
    private static SlurmObserved Applied(SlurmPlan plan) => new(
        [.. plan.Accounts.Select(a => a with { Coordinators = [.. plan.Coordinators.Where(c => c.Account == a.Name).Select(c => c.User)] })],
        [.. plan.Users.Select(u => u.Name)],
        [.. plan.ParentAssociations.Concat(plan.Associations).Concat(plan.LimitRepairs).Select(a => a with { Qos = ["normal"] })]);

    [Fact]
    public void Compute_NothingInSlurm_CreatesAccountsUsersAndAssociations()
    {
        var plan = SlurmPlan.Compute([Physics("alice", "bob")], Empty, NoneUnwanted, Now, Grace);

        plan.Accounts.Select(a => a.Name).ShouldBe(["inst-uc-san-diego", "physics"]);
        plan.Accounts[1].Organization.ShouldBe("UC San Diego");
        plan.Users.ShouldBe([("alice", "physics"), ("bob", "physics")]);
        plan.ParentAssociations.ShouldHaveSingleItem().Parent.ShouldBe(SlurmPlan.Root);
        plan.Associations.Select(a => a.Key).ShouldBe([("physics", ""), ("physics", "alice"), ("physics", "bob")]);
        plan.Associations[0].Parent.ShouldBe("inst-uc-san-diego");
        plan.Associations[0].GroupLimits["cpu"].ShouldBe(8);
    }

    [Fact]
    public void Compute_SlurmAlreadyMatches_EmptyPlan()
    {
        var first = SlurmPlan.Compute([Physics("alice")], Empty, NoneUnwanted, Now, Grace);

        var again = SlurmPlan.Compute([Physics("alice")], Applied(first), NoneUnwanted, Now, Grace);

        again.IsEmpty.ShouldBeTrue();
        again.Unwanted.ShouldBeEmpty();
    }

    [Fact]
    public void Compute_LimitEditedByHand_RepairsTheAccountAssociation()
    {
        var observed = Applied(SlurmPlan.Compute([Physics("alice")], Empty, NoneUnwanted, Now, Grace));
        var edited = observed with
        {
            Associations = [.. observed.Associations.Select(a => a.Key == ("physics", "") ? a with { GroupLimits = new Dictionary<string, long> { ["cpu"] = 99 } } : a)],
        };

        var plan = SlurmPlan.Compute([Physics("alice")], edited, NoneUnwanted, Now, Grace);

        plan.LimitRepairs.ShouldHaveSingleItem().GroupLimits.ShouldBe(Physics().GroupLimits, ignoreOrder: true);
        plan.LimitRepairs[0].Parent.ShouldBe("inst-uc-san-diego");
        plan.Associations.ShouldBeEmpty();
        plan.Accounts.ShouldBeEmpty();
    }

    [Fact]
    public void Compute_NamespaceUnderAnotherParent_MovedWithItsLimitsInOnePost()
    {
        var observed = Applied(SlurmPlan.Compute([Physics("alice")], Empty, NoneUnwanted, Now, Grace));
        var moved = observed with
        {
            Associations = [.. observed.Associations.Select(a => a.Key == ("physics", "") ? a with { Parent = "root", GroupLimits = new Dictionary<string, long>() } : a)],
        };

        var plan = SlurmPlan.Compute([Physics("alice")], moved, NoneUnwanted, Now, Grace);

        plan.Associations.ShouldHaveSingleItem().Parent.ShouldBe("inst-uc-san-diego");
        plan.LimitRepairs.ShouldBeEmpty();
    }

    [Fact]
    public void Compute_LimitsSetByHandOnInstitutionOrMember_LeftToTheOperator()
    {
        var observed = Applied(SlurmPlan.Compute([Physics("alice")], Empty, NoneUnwanted, Now, Grace));
        var capped = observed with
        {
            Associations = [.. observed.Associations.Select(a => a.Key is ("physics", "alice") or ("inst-uc-san-diego", "")
                ? a with { GroupLimits = new Dictionary<string, long> { ["cpu"] = 1 } } : a)],
        };

        var plan = SlurmPlan.Compute([Physics("alice")], capped, NoneUnwanted, Now, Grace);

        plan.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void Compute_RemovedMember_UnwantedUntilGraceThenRemoved()
    {
        var observed = Applied(SlurmPlan.Compute([Physics("alice", "bob")], Empty, NoneUnwanted, Now, Grace));

        var early = SlurmPlan.Compute([Physics("alice")], observed, new Dictionary<(string, string), DateTime> { [("physics", "bob")] = Now.AddMinutes(-59) }, Now, Grace);
        var late = SlurmPlan.Compute([Physics("alice")], observed, new Dictionary<(string, string), DateTime> { [("physics", "bob")] = Now.AddMinutes(-60) }, Now, Grace);

        early.Unwanted.ShouldBe([("physics", "bob")]);
        early.Removals.ShouldBeEmpty();
        late.Removals.ShouldBe([("physics", "bob")]);
    }

    [Fact]
    public void Compute_AccountNereidDoesNotOwn_NeverTouched()
    {
        var foreign = new SlurmObserved([new SlurmAccount("hand-made", "x", "y", [])], ["carol"],
            [new SlurmAssociation("hand-made", "", "root", new Dictionary<string, long>(), []), new SlurmAssociation("hand-made", "carol", "", new Dictionary<string, long>(), [])]);

        var plan = SlurmPlan.Compute([], foreign, new Dictionary<(string, string), DateTime> { [("hand-made", "carol")] = Now.AddDays(-9) }, Now, Grace);

        plan.IsEmpty.ShouldBeTrue();
        plan.Unwanted.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("UC San Diego", "inst-uc-san-diego")]
    [InlineData("Paul Scherrer Institut (PSI)", "inst-paul-scherrer-institut-psi")]
    [InlineData("École Polytechnique Fédérale de Lausanne, Switzerland", "inst-cole-polytechnique-f-d-rale-de-laus")]
    public void ParentAccountName_Institution_LowerCaseSlugWithinForty(string institution, string expected)
    {
        var name = SlurmPlan.ParentAccountName(institution);

        name.ShouldBe(expected);
        name.Length.ShouldBeLessThanOrEqualTo(40);
    }

    [Fact]
    public void FromQuotas_KubernetesQuantities_SlurmTresCounts()
    {
        var limits = SlurmLimits.FromQuotas(new Dictionary<string, string>
        {
            ["requests.cpu"] = "1500m", ["requests.memory"] = "256Gi", ["requests.nvidia.com/gpu"] = "8",
            ["requests.nvidia.com/a100"] = "2", ["pods"] = "100", ["requests.ephemeral-storage"] = "1Ti",
        });

        limits.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")
            .ShouldBe(["cpu=2", "gres/gpu=8", "gres/gpu:a100=2", "mem=262144"]);
    }

    [Fact]
    public void Compute_AdminsAndCoordinators_AddsMissingAndReportsFormerWithoutWriting()
    {
        var ns = new SlurmDesiredNamespace("physics", "UC San Diego", "Physics lab", [("alice", true), ("bob", false), ("carol", true)],
            new Dictionary<string, long>(), []);
        var observed = Applied(SlurmPlan.Compute([ns], Empty, NoneUnwanted, Now, Grace));
        observed = observed with
        {
            Accounts = [.. observed.Accounts.Select(a => a.Name == "physics" ? a with { Coordinators = ["alice", "bob"] } : a)],
        };

        var plan = SlurmPlan.Compute([ns], observed, NoneUnwanted, Now, Grace);

        plan.Coordinators.ShouldBe([("physics", "carol")]);
        plan.StaleCoordinators.ShouldBe([("physics", "bob")]);
        plan.IsEmpty.ShouldBeFalse();
        plan.Associations.ShouldBeEmpty();
    }

    [Fact]
    public void Compute_TierQos_SetOnTheAccountAssociationOnlyAndMembersInherit()
    {
        var ns = Physics("alice") with { Qos = ["gold"] };

        var plan = SlurmPlan.Compute([ns], Empty with { QosNames = ["gold", "normal"] }, NoneUnwanted, Now, Grace);

        plan.Associations.Single(a => a.User.Length == 0).Qos.ShouldBe(["gold"]);
        plan.Associations.Single(a => a.User == "alice").Qos.ShouldBeEmpty();
        plan.MissingQos.ShouldBeEmpty();
    }

    [Fact]
    public void Compute_TierQosMissingInSlurm_LeftOutAndReported()
    {
        var ns = Physics("alice") with { Qos = ["gold"] };

        var plan = SlurmPlan.Compute([ns], Empty with { QosNames = ["normal"] }, NoneUnwanted, Now, Grace);

        plan.MissingQos.ShouldBe([("physics", "gold")]);
        plan.Associations.ShouldAllBe(a => a.Qos.Count == 0);
    }

    [Fact]
    public void Compute_TierQosChanged_RepairsTheAccountAssociation()
    {
        var gold = Physics("alice") with { Qos = ["gold"] };
        var observed = Applied(SlurmPlan.Compute([gold], Empty with { QosNames = ["gold", "silver"] }, NoneUnwanted, Now, Grace));
        observed = observed with
        {
            QosNames = ["gold", "silver"],
            Associations = [.. observed.Associations.Select(a => a.User.Length == 0 && a.Account == "physics" ? a with { Qos = ["gold"] } : a)],
        };

        var plan = SlurmPlan.Compute([gold with { Qos = ["silver"] }], observed, NoneUnwanted, Now, Grace);

        plan.LimitRepairs.ShouldHaveSingleItem().Qos.ShouldBe(["silver"]);
        plan.Associations.ShouldBeEmpty();
    }
}
