using Microsoft.Extensions.Time.Testing;
using Nereid.Domain.Policies;
using Nereid.Kubernetes.Models;
using Nereid.Server.Policies;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>The pure policy rules, with a fake clock.</summary>
public sealed class PolicyEvaluatorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Evaluate_ExceptionUntilExpiry_SuppressesThenFlags()
    {
        var snapshot = Snapshot(GpuPod("idle"));
        var usage = new UsageMetrics();
        usage.GpuPercent[("", "ns1", "idle")] = 3;
        var exception = new PolicyException { Namespace = "ns1", PodName = "idle", Policy = PolicyKind.GpuIdle, ExpiresAt = _time.GetUtcNow().UtcDateTime.AddHours(1) };
        var evaluator = new PolicyEvaluator(new PolicyOptions());

        evaluator.Evaluate(snapshot, usage, [exception], _time.GetUtcNow()).ShouldNotContain(f => f.Policy == PolicyKind.GpuIdle);
        _time.Advance(TimeSpan.FromHours(2));
        evaluator.Evaluate(snapshot, usage, [exception], _time.GetUtcNow()).ShouldContain(f => f.Policy == PolicyKind.GpuIdle && f.PodName == "idle");
    }

    [Fact]
    public void Evaluate_TinyPodWithLowCpu_IsExemptFromUsageRatios()
    {
        var tiny = Pod("tiny", "500m", "1Gi", null);
        var big = Pod("big", "4", "16Gi", null);
        var usage = new UsageMetrics();
        usage.CpuCores[("", "ns1", "tiny")] = 0.01;
        usage.CpuCores[("", "ns1", "big")] = 0.01;

        var findings = new PolicyEvaluator(new PolicyOptions()).Evaluate(Snapshot(tiny, big), usage, [], _time.GetUtcNow());

        findings.Where(f => f.Policy == PolicyKind.CpuUsage).Select(f => f.PodName).ShouldBe(["big"]);
    }

    [Fact]
    public void Evaluate_LimitsFarAboveRequests_AreFlagged()
    {
        var pod = Pod("loose", "1", "1Gi", null);
        pod.Spec!.Containers![0].Resources!.Limits = new() { ["cpu"] = "4", ["memory"] = "1Gi" };

        var findings = new PolicyEvaluator(new PolicyOptions()).Evaluate(Snapshot(pod), new UsageMetrics(), [], _time.GetUtcNow());

        findings.ShouldContain(f => f.Policy == PolicyKind.LimitsAboveRequests && f.Summary.Contains("cpu limit is 300 %", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_OldDeploymentScaledToZero_IsNotFlaggedSoItsViolationResolves()
    {
        var snapshot = new WorkloadSnapshot();
        Deployment Old(string name, int replicas) => new()
        {
            Metadata = new ObjectMeta { Name = name, Namespace = "ns1", CreationTimestamp = _time.GetUtcNow().AddDays(-20) },
            Spec = new DeploymentSpec { Replicas = replicas },
        };
        snapshot.Add("c1", [], [Old("running", 1), Old("scaled-down", 0)], []);

        var findings = new PolicyEvaluator(new PolicyOptions()).Evaluate(snapshot, new UsageMetrics(), [], _time.GetUtcNow());

        findings.Where(f => f.Policy == PolicyKind.OldDeployment).Select(f => f.Workload.Name).ShouldBe(["running"]);
    }

    [Theory]
    [InlineData(new[] { "sleep", "3600" }, true)]
    [InlineData(new[] { "/bin/sh", "-c", "sleep infinity" }, true)]
    [InlineData(new[] { "python", "train.py" }, false)]
    public void IsSleepOnly_CommandLine_IsRecognised(string[] command, bool expected) =>
        WorkloadSnapshot.IsSleepOnly(new PodSpec { Containers = [new Container { Name = "c", Command = [.. command] }] }).ShouldBe(expected);

    [Fact]
    public void Evaluate_PersonOverBudget_FlagsTheExtraPods()
    {
        var pods = Enumerable.Range(0, 6).Select(i => GpuPod($"g{i}", owner: "alice@example.edu")).ToArray();
        var usage = new UsageMetrics();
        foreach (var p in pods)
            usage.GpuPercent[("", "ns1", p.Metadata.Name!)] = 1;

        var findings = new PolicyEvaluator(new PolicyOptions()).Evaluate(Snapshot(pods), usage, [], _time.GetUtcNow());

        findings.Count(f => f.Policy == PolicyKind.PodBudget).ShouldBe(2);
    }

    private WorkloadSnapshot Snapshot(params Pod[] pods)
    {
        var s = new WorkloadSnapshot();
        s.Add("c1", pods, [], []);
        return s;
    }

    private Pod GpuPod(string name, string? owner = null) => Pod(name, "4", "16Gi", "1", owner);

    private Pod Pod(string name, string cpu, string memory, string? gpu, string? owner = null)
    {
        var requests = new Dictionary<string, Nereid.Kubernetes.Quantities.Quantity> { ["cpu"] = cpu, ["memory"] = memory };
        if (gpu is not null)
            requests["nvidia.com/gpu"] = gpu;
        return new Pod
        {
            Metadata = new ObjectMeta
            {
                Name = name, Namespace = "ns1", CreationTimestamp = _time.GetUtcNow().AddHours(-7),
                OwnerReferences = [new OwnerReference { Kind = "ReplicaSet", Name = name + "-rs", Controller = true }],
                Annotations = owner is null ? null : new() { [WorkloadSnapshot.CreatedByKey] = owner },
            },
            Spec = new PodSpec { Containers = [new Container { Name = "main", Resources = new ResourceRequirements { Requests = requests } }] },
        };
    }
}
