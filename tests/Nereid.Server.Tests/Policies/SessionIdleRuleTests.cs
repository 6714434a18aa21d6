using Nereid.Domain.Policies;
using Nereid.Server.Policies;
using Nereid.Server.Sessions;

namespace Nereid.Server.Tests.Policies;

public sealed class SessionIdleRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly SessionIdlePolicy Policy = new() { IdleAfter = TimeSpan.FromHours(2), MaxUtilizationPercent = 5 };

    private static HubServer Server(string user, string server, TimeSpan sinceActivity, int gpus = 1, bool ready = true, bool pending = false) =>
        new(user, server, "lab", "quay.io/jupyter/pytorch-notebook", gpus, ready, pending, Now.AddDays(-1), Now - sinceActivity, $"/user/{user}/{server}/");

    private static Dictionary<(string, string, string), double> Gpu(params (string Pod, double Percent)[] pods) =>
        pods.ToDictionary(p => ("", "lab", p.Pod), p => p.Percent);

    private static List<PolicyFinding> Evaluate(IReadOnlyList<HubServer> servers, Dictionary<(string, string, string), double> gpu,
        IReadOnlyList<PolicyException>? exceptions = null, SessionIdlePolicy? policy = null) =>
        SessionIdleRule.Evaluate(servers, gpu, "c1", exceptions ?? [], new Dictionary<string, string> { ["alice"] = "alice@example.edu" }, policy ?? Policy, Now);

    [Fact]
    public void Evaluate_InactiveAndGpuBelowThreshold_FindingForTheServersPodWithOwnerAndHubServer()
    {
        var findings = Evaluate([Server("alice", "lab", TimeSpan.FromHours(3))], Gpu(("jupyter-alice--lab", 1.5)));

        var f = findings.ShouldHaveSingleItem();
        f.Policy.ShouldBe(PolicyKind.SessionIdle);
        f.Namespace.ShouldBe("lab");
        f.PodName.ShouldBe("jupyter-alice--lab");
        f.Workload.ShouldBe(new WorkloadRef(SessionIdleRule.WorkloadKind, "jupyter-alice--lab"));
        f.OwnerHint.ShouldBe("alice@example.edu");
        f.Evidence["hubUser"].ShouldBe("alice");
        f.Evidence["hubServer"].ShouldBe("lab");
        f.Evidence["value"].ShouldBe(1.5);
    }

    [Fact]
    public void Evaluate_RecentActivityThoughGpuIdle_NoFinding()
    {
        Evaluate([Server("alice", "lab", TimeSpan.FromMinutes(90))], Gpu(("jupyter-alice--lab", 0))).ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_InactiveButGpuBusy_NoFinding()
    {
        Evaluate([Server("alice", "lab", TimeSpan.FromHours(5))], Gpu(("jupyter-alice--lab", 5))).ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_NoGpuSeriesForThePod_NoFinding()
    {
        Evaluate([Server("alice", "lab", TimeSpan.FromHours(5))], Gpu(("jupyter-bob--lab", 0))).ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_PendingNotReadyOrGpuLessServers_NoFinding()
    {
        var servers = new[]
        {
            Server("alice", "a", TimeSpan.FromHours(5), pending: true), Server("alice", "b", TimeSpan.FromHours(5), ready: false),
            Server("alice", "c", TimeSpan.FromHours(5), gpus: 0),
        };

        Evaluate(servers, Gpu(("jupyter-alice--a", 0), ("jupyter-alice--b", 0), ("jupyter-alice--c", 0))).ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_ExceptionForThePodOrNamespace_NoFindingUntilItExpires()
    {
        PolicyException For(string? pod, DateTimeOffset expires) =>
            new() { Namespace = "lab", PodName = pod, Policy = PolicyKind.SessionIdle, ExpiresAt = expires.UtcDateTime, Reason = "training demo" };
        var server = Server("alice", "lab", TimeSpan.FromHours(5));
        var gpu = Gpu(("jupyter-alice--lab", 0));

        Evaluate([server], gpu, [For("jupyter-alice--lab", Now.AddHours(1))]).ShouldBeEmpty();
        Evaluate([server], gpu, [For(null, Now.AddHours(1))]).ShouldBeEmpty();
        Evaluate([server], gpu, [For(null, Now.AddHours(-1))]).ShouldHaveSingleItem();
        Evaluate([server], gpu, [new PolicyException { Namespace = "lab", Policy = PolicyKind.GpuIdle, ExpiresAt = Now.AddHours(1).UtcDateTime }]).ShouldHaveSingleItem();
    }

    [Fact]
    public void Evaluate_SeriesOfAnotherCluster_NotMatched()
    {
        var gpu = new Dictionary<(string, string, string), double> { [("c2", "lab", "jupyter-alice--lab")] = 0 };

        Evaluate([Server("alice", "lab", TimeSpan.FromHours(5))], gpu).ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_PolicyDisabled_NoFinding()
    {
        Evaluate([Server("alice", "lab", TimeSpan.FromHours(5))], Gpu(("jupyter-alice--lab", 0)), policy: new SessionIdlePolicy { Enabled = false }).ShouldBeEmpty();
    }

    [Fact]
    public void PodName_DefaultAndNamedServer_KubeSpawnerTemplate()
    {
        SessionIdleRule.PodName("alice", "").ShouldBe("jupyter-alice");
        SessionIdleRule.PodName("alice", "lab-x").ShouldBe("jupyter-alice--lab-x");
    }
}
