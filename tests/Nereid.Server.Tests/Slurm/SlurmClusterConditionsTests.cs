using Nereid.Domain.Clusters;
using Nereid.Domain.Slurm;
using Nereid.Server.Slurm;

namespace Nereid.Server.Tests.Slurm;

public sealed class SlurmClusterConditionsTests
{
    private static readonly DateTime Start = new(2026, 12, 4, 6, 0, 0, DateTimeKind.Utc);

    private static SlurmPassFacts Healthy(int pending = 0, IReadOnlyList<string>? stale = null, IReadOnlyList<string>? missingQos = null) =>
        new(Reachable: true, Succeeded: true, "", "", "22.05.8", "openapi/dbv0.0.38", Accounts: 3, InSync: 12, pending, 0, Writes: 0,
            stale ?? [], missingQos ?? [], []);

    private static SlurmPassFacts Unreachable(string error = "Connection refused (127.0.0.1:9)") =>
        new(Reachable: false, Succeeded: false, "read", error, "", "", 3, 0, 0, 0, 0, [], [], []);

    private static NamespaceCondition Get(IReadOnlyList<NamespaceCondition> conditions, string type) => conditions.Single(c => c.Type == type);

    [Fact]
    public void Compute_HealthyPass_ReachableAndReadyWithVersionAndCounts()
    {
        var conditions = SlurmClusterConditions.Compute(Healthy(), [], Start);

        conditions.Select(c => c.Type).ShouldBe(["Reachable", "Ready", "Progressing", "Degraded"]);
        Get(conditions, "Reachable").Status.ShouldBe("True");
        Get(conditions, "Reachable").Message.ShouldContain("22.05.8");
        Get(conditions, "Ready").Reason.ShouldBe("Projected");
        Get(conditions, "Ready").Message.ShouldBe("3 accounts and 12 associations match the database. This pass sent 0 write requests.");
        Get(conditions, "Progressing").Status.ShouldBe("False");
        Get(conditions, "Degraded").Status.ShouldBe("False");
    }

    [Fact]
    public void Compute_NoConnection_NotReachableWithTheErrorAndRetrying()
    {
        var conditions = SlurmClusterConditions.Compute(Unreachable(), [], Start);

        Get(conditions, "Reachable").ShouldBe(new NamespaceCondition("Reachable", "False", "NotReachable",
            "slurmrestd did not answer: Connection refused (127.0.0.1:9)", Start, 0));
        Get(conditions, "Ready").Reason.ShouldBe("NotReachable");
        Get(conditions, "Progressing").Reason.ShouldBe("Retrying");
    }

    [Fact]
    public void Compute_WriteFailed_ReadyFalseNamingTheUnwrittenAssociations()
    {
        var facts = new SlurmPassFacts(true, false, "write", "POST associations → 500", "22.05.8", "openapi/dbv0.0.38", 3, 10, 0, 2, 1, [], [], []);

        var ready = Get(SlurmClusterConditions.Compute(facts, [], Start), "Ready");

        ready.Reason.ShouldBe("WriteFailed");
        ready.Message.ShouldBe("2 associations were not written: POST associations → 500");
    }

    [Fact]
    public void Compute_StaleCoordinatorAndMissingQos_DegradedListingBoth()
    {
        var degraded = Get(SlurmClusterConditions.Compute(Healthy(stale: ["physics/bob"], missingQos: ["physics/gold"]), [], Start), "Degraded");

        degraded.Status.ShouldBe("True");
        degraded.Reason.ShouldBe("StaleCoordinators");
        degraded.Message.ShouldContain("physics/bob");
        degraded.Message.ShouldContain("physics/gold");
    }

    [Fact]
    public void Compute_StatusUnchanged_KeepsLastTransitionTimeAndChangedOneMoves()
    {
        var first = SlurmClusterConditions.Compute(Healthy(), [], Start);
        var later = Start.AddMinutes(5);

        var second = SlurmClusterConditions.Compute(Unreachable(), first, later);

        Get(second, "Degraded").LastTransitionTime.ShouldBe(Start);
        Get(second, "Reachable").LastTransitionTime.ShouldBe(later);
        Get(second, "Ready").LastTransitionTime.ShouldBe(later);
    }

    [Fact]
    public void RecordPass_UnreachableTwiceThenBack_SinceIsTheFirstFailureAndClearedOnRecovery()
    {
        var row = SlurmClusterStatus.Start("gate");
        row.RecordPass(Healthy(), [], Start);
        row.RecordPass(Unreachable(), [], Start.AddMinutes(1));
        row.RecordPass(Unreachable(), [], Start.AddMinutes(2));

        row.Reachable.ShouldBeFalse();
        row.UnreachableSince.ShouldBe(Start.AddMinutes(1));
        row.LastProjectionAt.ShouldBe(Start);
        row.SlurmVersion.ShouldBe("22.05.8");

        row.RecordPass(Healthy(), [], Start.AddMinutes(3));

        row.Reachable.ShouldBeTrue();
        row.UnreachableSince.ShouldBeNull();
        row.LastError.ShouldBe("");
        row.LastProjectionAt.ShouldBe(Start.AddMinutes(3));
    }
}

public sealed class SlurmStatusFactsTests
{
    private static readonly DateTime Now = new(2026, 12, 4, 6, 0, 0, DateTimeKind.Utc);

    private static SlurmRestClient Client() =>
        new(new HttpClient(), new SlurmClusterOptions { Name = "t", RestUrl = "http://127.0.0.1:9/", ClusterName = "t", UserName = "nereid", Token = "x" });

    private static SlurmDesiredNamespace Physics(params string[] members) =>
        new("physics", "UC San Diego", "Physics lab", [.. members.Select(m => (m, false))], new Dictionary<string, long> { ["cpu"] = 8 }, []);

    [Fact]
    public void Succeeded_OneNewMemberAmongTwo_CountsInSyncAndPending()
    {
        var desired = new[] { Physics("alice", "bob") };
        var observed = new SlurmObserved([new SlurmAccount("physics", "Physics lab", "UC San Diego", [])], ["alice"],
            [new SlurmAssociation("physics", "", "inst-uc-san-diego", new Dictionary<string, long> { ["cpu"] = 8 }, ["normal"]),
             new SlurmAssociation("physics", "alice", "", new Dictionary<string, long>(), ["normal"])]);
        var plan = SlurmPlan.Compute(desired, observed, new Dictionary<(string, string), DateTime>(), Now, TimeSpan.FromHours(1));

        var facts = SlurmStatusFacts.Succeeded(desired, new SlurmPassResult(plan, 7, 4), Client());

        (facts.Accounts, facts.InSync, facts.Pending, facts.Failed, facts.Writes).ShouldBe((1, 2, 1, 0, 4));
        facts.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Failed_ConnectionRefused_NotReachableAtRead()
    {
        var error = new HttpRequestException("Connection refused (127.0.0.1:9)", new System.Net.Sockets.SocketException(111));

        var facts = SlurmStatusFacts.Failed([Physics("alice")], error, Client(), 0);

        facts.Reachable.ShouldBeFalse();
        facts.Stage.ShouldBe("read");
        facts.Error.ShouldStartWith("Connection refused (127.0.0.1:9)");
    }

    [Fact]
    public void Failed_SlurmRefusedTheRead_ReachableButNotSucceeded()
    {
        var facts = SlurmStatusFacts.Failed([Physics("alice")], new SlurmRestException("t", "GET", "/accounts", 401, "Authentication failure"), Client(), 0);

        facts.Reachable.ShouldBeTrue();
        facts.Succeeded.ShouldBeFalse();
        facts.Error.ShouldContain("Authentication failure");
    }
}
