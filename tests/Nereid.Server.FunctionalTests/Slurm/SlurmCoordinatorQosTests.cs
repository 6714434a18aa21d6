using Microsoft.Extensions.Time.Testing;
using Nereid.Server.Slurm;
using Nereid.TestSupport.Slurm;

namespace Nereid.Server.FunctionalTests.Slurm;

/// <summary>Namespace admins as account coordinators and tier → QOS, against the harness's real Slurm 22.05.</summary>
public sealed class SlurmCoordinatorQosTests
{
    [Fact]
    public async Task PassAsync_NamespaceAdmin_CoordinatorShownBySacctmgrAndNextPassWritesNothing()
    {
        var (slurm, projector) = await StartAsync();
        var (ns, admin, member) = await NamesAsync();
        var desired = new[] { Namespace(ns, admin, member, []) };

        var first = await projector.PassAsync(desired, default);
        var second = await projector.PassAsync(desired, default);

        first.Plan.Coordinators.ShouldBe([(ns, admin)]);
        (await CoordinatorsAsync(slurm, ns)).ShouldBe([admin]);
        second.Writes.ShouldBe(0);
        second.Plan.IsEmpty.ShouldBeTrue(second.Plan.ToString());
    }

    [Fact]
    public async Task PassAsync_AdminNoLongerAdmin_ReportedAsStaleCoordinatorAndNotWritten()
    {
        var (slurm, projector) = await StartAsync();
        var (ns, admin, member) = await NamesAsync();
        await projector.PassAsync([Namespace(ns, admin, member, [])], default);

        // The former admin stays a member; the other member becomes the admin.
        var demoted = new SlurmDesiredNamespace(ns, "Paul Scherrer Institute", "Test namespace " + ns, [(admin, false), (member, true)],
            new Dictionary<string, long> { ["cpu"] = 2 }, []);
        var pass = await projector.PassAsync([demoted], default);

        pass.Plan.Coordinators.ShouldBe([(ns, member)]);
        pass.Plan.StaleCoordinators.ShouldBe([(ns, admin)]);
        (await CoordinatorsAsync(slurm, ns)).ShouldBe(new[] { admin, member }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PassAsync_CoordinatorOfTheInstitutionAccount_NeitherStaleNorAddedOnTheNamespace()
    {
        var (slurm, projector) = await StartAsync();
        var (ns, admin, member) = await NamesAsync();
        // An institution of its own, so no other test's namespace sits under the coordinator made here.
        var institution = "Coordinator Institute " + ns[3..];
        var desired = new[] { Namespace(ns, admin, member, []) with { Institution = institution } };
        await projector.PassAsync(desired, default);

        // An operator makes the namespace's plain member a coordinator of the institution's parent account by hand:
        // slurmdbd then lists them on the namespace's account too, as inherited ("direct": 0).
        (await slurm.RunAsync("sacctmgr", ["-i", "add", "coordinator", "account=" + SlurmPlan.ParentAccountName(institution), "names=" + member]))
            .EnsureSuccess("sacctmgr add coordinator");
        var next = await projector.PassAsync(desired, default);

        next.Plan.StaleCoordinators.ShouldBeEmpty();
        next.Plan.Coordinators.ShouldBeEmpty();
        next.Writes.ShouldBe(0);
        (await CoordinatorsAsync(slurm, SlurmPlan.ParentAccountName(institution))).ShouldBe([member]);
    }

    [Fact]
    public async Task PassAsync_TierQos_AccountQosAndDefaultShownBySacctmgrMembersInheritAndNextPassWritesNothing()
    {
        var (slurm, projector) = await StartAsync();
        var (ns, admin, member) = await NamesAsync();
        // "normal", the QOS every Slurm database has, set here as the default QOS too.
        const string qos = "normal";
        var desired = new[] { Namespace(ns, admin, member, [qos]) };
        var first = await projector.PassAsync(desired, default);
        var shown = await QosAsync(slurm, ns);
        var second = await projector.PassAsync(desired, default);

        first.Plan.MissingQos.ShouldBeEmpty();
        shown[""].ShouldBe((qos, qos));
        shown[admin].Qos.ShouldBe(qos);
        shown[member].Qos.ShouldBe(qos);
        second.Writes.ShouldBe(0);
        second.Requests.ShouldBe(4);
        var job = (await slurm.SubmitAsync(member, ns, "true")).EnsureSuccess("member sbatch").StandardOutput.Trim();
        (await slurm.WaitForJobAsync(job, ["COMPLETED", "FAILED"], TimeSpan.FromSeconds(90))).State.ShouldBe("COMPLETED");
    }

    [Fact]
    public async Task PassAsync_TierQosMissingInSlurm_AssociationWrittenWithoutItAndReported()
    {
        var (slurm, projector) = await StartAsync();
        var (ns, admin, member) = await NamesAsync();
        var qos = "nrd-missing" + ns[3..];

        var pass = await projector.PassAsync([Namespace(ns, admin, member, [qos])], default);

        pass.Plan.MissingQos.ShouldBe([(ns, qos)]);
        var shown = await QosAsync(slurm, ns);
        shown.Keys.Order(StringComparer.Ordinal).ShouldBe(new[] { "", admin, member }.Order(StringComparer.Ordinal));
        shown.Values.ShouldAllBe(v => v.Qos != qos);
    }

    private static async Task<string[]> CoordinatorsAsync(SlurmCluster slurm, string account)
    {
        var line = (await slurm.RunAsync("sacctmgr", ["-n", "-P", "show", "account", account, "withcoord", "format=Account,Coordinators"]))
            .EnsureSuccess("sacctmgr show account").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single();
        return [.. line.Split('|')[1].Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
    }

    // User ("" for the account's own association) → (QOS, default QOS), as Slurm itself shows them.
    private static async Task<Dictionary<string, (string Qos, string Default)>> QosAsync(SlurmCluster slurm, string account) =>
        (await slurm.RunAsync("sacctmgr", ["-n", "-P", "show", "association", "account=" + account, "format=User,QOS,DefaultQOS"]))
            .EnsureSuccess("sacctmgr show association").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('|')).ToDictionary(p => p[0], p => (p[1], p[2]), StringComparer.Ordinal);

    private static async Task<(SlurmCluster Slurm, SlurmProjector Projector)> StartAsync()
    {
        var slurm = await SlurmCluster.GetSharedAsync();
        var options = new SlurmClusterOptions
        {
            Name = "test", RestUrl = slurm.RestUrl.ToString(), ClusterName = SlurmCluster.ClusterName,
            UserName = SlurmCluster.AdminUser, Token = slurm.AdminToken, Namespaces = ["*"],
        };
        var client = new SlurmRestClient(new HttpClient { BaseAddress = slurm.RestUrl }, options);
        return (slurm, new SlurmProjector(client, new FakeTimeProvider(DateTimeOffset.UtcNow), TimeSpan.FromHours(1)));
    }

    private static async Task<(string Namespace, string Admin, string Member)> NamesAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var (admin, member) = ("nrd-a" + id, "nrd-m" + id);
        await PosixUsers.EnsureUserAsync(admin);
        await PosixUsers.EnsureUserAsync(member);
        return ("ns-" + id, admin, member);
    }

    private static SlurmDesiredNamespace Namespace(string name, string admin, string member, IReadOnlyList<string> qos) =>
        new(name, "Paul Scherrer Institute", "Test namespace " + name, [(admin, true), (member, false)],
            new Dictionary<string, long> { ["cpu"] = 2 }, qos);
}
