using Microsoft.Extensions.Time.Testing;
using Nereid.Server.Slurm;
using Nereid.TestSupport.Slurm;

namespace Nereid.Server.FunctionalTests.Slurm;

/// <summary>The projection against the harness's real Slurm 22.05 (slurmrestd dbv0.0.38, slurmdbd, slurmctld, one node).</summary>
public sealed class SlurmProjectionTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task PassAsync_NewNamespace_MemberJobRunsAndNonMemberIsRefused()
    {
        var (slurm, projector, _) = await StartAsync();
        var (ns, member, outsider) = await NamesAsync();

        var result = await projector.PassAsync([Namespace(ns, [member])], default);

        result.Writes.ShouldBeGreaterThan(0);
        var job = (await slurm.SubmitAsync(member, ns, "true")).EnsureSuccess("member sbatch").StandardOutput.Trim();
        (await slurm.WaitForJobAsync(job, ["COMPLETED", "FAILED"], JobTimeout)).State.ShouldBe("COMPLETED");
        var refused = await slurm.SubmitAsync(outsider, ns, "true");
        refused.Succeeded.ShouldBeFalse();
        refused.StandardError.ShouldContain("Invalid account");
    }

    [Fact]
    public async Task PassAsync_NothingChanged_SendsOnlyTheThreeReads()
    {
        var (_, projector, _) = await StartAsync();
        var (ns, member, _) = await NamesAsync();
        var desired = new[] { Namespace(ns, [member]) };
        await projector.PassAsync(desired, default);

        var second = await projector.PassAsync(desired, default);

        second.Plan.IsEmpty.ShouldBeTrue(second.Plan.ToString());
        second.Writes.ShouldBe(0);
        second.Requests.ShouldBe(3);
    }

    [Fact]
    public async Task PassAsync_NewMember_CreatedWithTheirAssociationAndItsAccountAsDefault()
    {
        var (slurm, projector, _) = await StartAsync();
        var (ns, member, _) = await NamesAsync();

        // The member's association goes inside the request that creates them (SlurmProjectorWriteOrderTests).
        await projector.PassAsync([Namespace(ns, [member])], default);

        (await slurm.RunAsync("sacctmgr", ["-n", "-P", "show", "user", member, "format=DefaultAccount"]))
            .EnsureSuccess("sacctmgr show user").StandardOutput.Trim().ShouldBe(ns);
        (await UsersOfAsync(slurm, ns)).ShouldContain(member);
    }

    [Fact]
    public async Task PassAsync_LimitsWritten_ReadBackFromSlurmEqualDesired()
    {
        var (slurm, projector, _) = await StartAsync();
        var (ns, member, _) = await NamesAsync();
        var desired = Namespace(ns, [member]);

        await projector.PassAsync([desired], default);

        Tres(await GroupLimitsAsync(slurm, ns)).ShouldBe(Tres(desired.GroupLimits));
    }

    [Fact]
    public async Task PassAsync_GroupLimitsEditedWithSacctmgr_RestoredOnNextPassAndThenQuiet()
    {
        var (slurm, projector, _) = await StartAsync();
        var (ns, member, _) = await NamesAsync();
        var desired = Namespace(ns, [member]);
        await projector.PassAsync([desired], default);
        (await slurm.RunAsync("sacctmgr", ["-i", "modify", "account", ns, "set", "GrpTRES=cpu=64,mem=-1,gres/gpu=-1"]))
            .EnsureSuccess("sacctmgr modify account");
        var edited = await GroupLimitsAsync(slurm, ns);

        var repaired = await projector.PassAsync([desired], default);
        var restored = await GroupLimitsAsync(slurm, ns);
        var next = await projector.PassAsync([desired], default);

        Tres(edited).ShouldBe("cpu=64,gres/gpu:a100=1");
        repaired.Plan.LimitRepairs.Select(a => a.Key).ShouldBe([(ns, "")]);
        Tres(restored).ShouldBe(Tres(desired.GroupLimits));
        (await ParentOfAsync(slurm, ns)).ShouldBe(SlurmPlan.ParentAccountName(desired.Institution));
        next.Writes.ShouldBe(0);
    }

    [Fact]
    public async Task PassAsync_QuotaChanged_NewLimitsReadBackFromSlurm()
    {
        var (slurm, projector, _) = await StartAsync();
        var (ns, member, _) = await NamesAsync();
        await projector.PassAsync([Namespace(ns, [member])], default);
        var grown = Namespace(ns, [member]) with { GroupLimits = new Dictionary<string, long> { ["cpu"] = 3, ["mem"] = 2048 } };

        await projector.PassAsync([grown], default);

        Tres(await GroupLimitsAsync(slurm, ns)).ShouldBe(Tres(grown.GroupLimits));
    }

    [Fact]
    public async Task PassAsync_JobOverQuota_PendsWithGroupLimitReason()
    {
        var (slurm, projector, _) = await StartAsync();
        var (ns, member, _) = await NamesAsync();
        await projector.PassAsync([Namespace(ns, [member])], default);

        var cpus = (await slurm.SubmitAsync(member, ns, "true", ["--cpus-per-task=3"])).EnsureSuccess("sbatch cpus").StandardOutput.Trim();
        var gpus = (await slurm.SubmitAsync(member, ns, "true", ["--gres=gpu:a100:2"])).EnsureSuccess("sbatch gpus").StandardOutput.Trim();

        try
        {
            (await PendingReasonAsync(slurm, cpus)).ShouldBe("AssocGrpCpuLimit");
            (await PendingReasonAsync(slurm, gpus)).ShouldBe("AssocGrpGRES");
        }
        finally
        {
            await slurm.RunAsync("scancel", [cpus, gpus]);
        }
    }

    [Fact]
    public async Task PassAsync_RemovedMember_AssociationRemovedOnlyAfterGrace()
    {
        var (slurm, projector, clock) = await StartAsync();
        var (ns, member, other) = await NamesAsync();
        await projector.PassAsync([Namespace(ns, [member, other])], default);

        var noticed = await projector.PassAsync([Namespace(ns, [other])], default);
        var duringGrace = await UsersOfAsync(slurm, ns);
        clock.Advance(Grace);
        var removed = await projector.PassAsync([Namespace(ns, [other])], default);
        var refused = await slurm.SubmitAsync(member, ns, "true");

        noticed.Plan.Removals.ShouldBeEmpty();
        noticed.Plan.Unwanted.ShouldBe([(ns, member)]);
        duringGrace.ShouldContain(member);
        removed.Plan.Removals.ShouldBe([(ns, member)]);
        (await UsersOfAsync(slurm, ns)).ShouldNotContain(member);
        refused.Succeeded.ShouldBeFalse();
        refused.StandardError.ShouldContain("Invalid account");
    }

    private static async Task<string[]> UsersOfAsync(SlurmCluster slurm, string account) =>
        (await slurm.RunAsync("sacctmgr", ["-n", "-P", "show", "association", "account=" + account, "format=User"]))
            .EnsureSuccess("sacctmgr show association").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<string> ParentOfAsync(SlurmCluster slurm, string account) =>
        (await slurm.RunAsync("sacctmgr", ["-n", "-P", "show", "association", "account=" + account, "format=User,ParentName"]))
            .EnsureSuccess("sacctmgr show association").StandardOutput.Split('\n').Single(l => l.StartsWith('|'))[1..];

    // A new job pends with reason "None" until the scheduler has looked at it, and with "Priority" while a job of another
    // test ahead of it in the shared partition waits (the scheduler then passes it over without testing its limits);
    // after that it shows why it waits. A clean-clone run once read "Priority" here.
    private static async Task<string> PendingReasonAsync(SlurmCluster slurm, string job)
    {
        var deadline = DateTime.UtcNow + JobTimeout;
        while (true)
        {
            var (state, reason) = await slurm.JobStateAsync(job);
            if (state != "PENDING" || reason is not ("None" or "Priority") || DateTime.UtcNow > deadline)
                return state == "PENDING" ? reason : state;
            await Task.Delay(250);
        }
    }

    private static async Task<(SlurmCluster Slurm, SlurmProjector Projector, FakeTimeProvider Clock)> StartAsync()
    {
        var slurm = await SlurmCluster.GetSharedAsync();
        var options = new SlurmClusterOptions
        {
            Name = "test", RestUrl = slurm.RestUrl.ToString(), ClusterName = SlurmCluster.ClusterName,
            UserName = SlurmCluster.AdminUser, Token = slurm.AdminToken, Namespaces = ["*"],
        };
        var http = new HttpClient { BaseAddress = slurm.RestUrl };
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        return (slurm, new SlurmProjector(new SlurmRestClient(http, options), clock, Grace), clock);
    }

    private static async Task<(string Namespace, string Member, string Other)> NamesAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var (member, other) = ("nrd-m" + id, "nrd-o" + id);
        await PosixUsers.EnsureUserAsync(member);
        await PosixUsers.EnsureUserAsync(other);
        return ("ns-" + id, member, other);
    }

    private static SlurmDesiredNamespace Namespace(string name, string[] members) =>
        new(name, "Paul Scherrer Institute", "Test namespace " + name, [.. members.Select((m, i) => (m, i == 0))],
            SlurmLimits.FromQuotas(new Dictionary<string, string>
            {
                ["requests.cpu"] = "2", ["requests.memory"] = "1Gi", ["requests.nvidia.com/gpu"] = "1", ["requests.nvidia.com/a100"] = "1",
            }), []);

    private static string Tres(IReadOnlyDictionary<string, long> limits) =>
        string.Join(",", limits.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    // What Slurm itself enforces, read with sacctmgr (memory shown with a unit, e.g. mem=1G, turned back into MiB).
    private static async Task<Dictionary<string, long>> GroupLimitsAsync(SlurmCluster slurm, string account)
    {
        var shown = (await slurm.RunAsync("sacctmgr", ["-n", "-P", "show", "association", "account=" + account, "format=User,GrpTRES"]))
            .EnsureSuccess("sacctmgr show association").StandardOutput;
        var line = shown.Split('\n').Single(l => l.StartsWith('|'));
        return line[1..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('='))
            .ToDictionary(p => p[0], p => MiB(p[1]));
    }

    private static long MiB(string value)
    {
        var unit = char.IsAsciiLetter(value[^1]) ? value[^1] : 'M';
        var number = long.Parse(char.IsAsciiLetter(value[^1]) ? value[..^1] : value, System.Globalization.CultureInfo.InvariantCulture);
        return unit switch { 'K' => number / 1024, 'G' => number * 1024, 'T' => number * 1024 * 1024, _ => number };
    }
}
