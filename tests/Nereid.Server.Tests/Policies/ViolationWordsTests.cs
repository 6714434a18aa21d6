using System.Text.Json;
using System.Text.RegularExpressions;
using Nereid.Domain.Policies;
using Nereid.Server.Policies;

namespace Nereid.Server.Tests.Policies;

public sealed partial class ViolationWordsTests
{
    private static readonly DateTime Now = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);

    private static Violation V(PolicyKind policy, object evidence, string kind = "Pod", string name = "trainer", string? pod = "trainer") => new()
    {
        Policy = policy, Cluster = "c1", Namespace = "ml-team", WorkloadKind = kind, WorkloadName = name, PodName = pod, OwnerName = "ann@example.edu",
        Summary = "summary", Evidence = JsonSerializer.Serialize(evidence), FirstSeenAt = Now.AddHours(-1), LastSeenAt = Now,
    };

    private static ViolationWording Words(Violation v, PolicyOptions? o = null) => ViolationWords.For(v, o ?? new PolicyOptions(), Now);

    [Fact]
    public void For_GpuIdle_SaysPercentOfGpusOverWindowInHours()
    {
        var w = Words(V(PolicyKind.GpuIdle, new { value = 1.5, threshold = 40, windowSeconds = 21600, gpus = 2 }));

        w.Evidence.ShouldBe("GPU utilisation averaged 1.5 % of 2 GPUs over 6 hours; at least 40 % is expected.");
        w.Problem.ShouldBe("Pod ml-team/trainer on cluster c1: GPUs requested but mostly idle (gpu-idle policy).");
        w.Fix.ShouldContain("delete the pod");
    }

    [Fact]
    public void For_GpuIdleRowStoredWithPromQlRange_ReadsTheRangeAsHours()
    {
        var w = Words(V(PolicyKind.GpuIdle, new { value = 3, threshold = 40, window = "21600s", gpus = 1 }));

        w.Evidence.ShouldBe("GPU utilisation averaged 3 % of 1 GPU over 6 hours; at least 40 % is expected.");
    }

    [Fact]
    public void For_CpuUsage_SaysCoresAndShareOfRequest()
    {
        var w = Words(V(PolicyKind.CpuUsage, new { value = 0.05, request = 4, percent = 1.3, min = 20, max = 200, windowSeconds = 21600 }));

        w.Evidence.ShouldBe("CPU use averaged 0.05 cores, 1.3 % of its request of 4 cores over 6 hours; 20 %–200 % is allowed.");
        w.Fix.ShouldContain("requests.cpu");
    }

    [Fact]
    public void For_MemoryUsage_SaysBinaryUnits()
    {
        var w = Words(V(PolicyKind.MemoryUsage, new { value = 1.5 * 1024 * 1024 * 1024, request = 16.0 * 1024 * 1024 * 1024, percent = 9.4, min = 20, max = 150, windowSeconds = 3600 }));

        w.Evidence.ShouldBe("Memory use averaged 1.5 GiB, 9.4 % of its request of 16 GiB over 1 hour; 20 %–150 % is allowed.");
        w.Fix.ShouldContain("requests.memory");
    }

    [Fact]
    public void For_LimitsAboveRequests_SaysLimitAsMultipleOfRequest()
    {
        var w = Words(V(PolicyKind.LimitsAboveRequests, new { container = "main", resource = "cpu", request = 0.1, limit = 2, threshold = 20 }));

        w.Evidence.ShouldBe("Container main: CPU limit 2 cores is 20 × its request of 0.1 cores; a limit may be at most 20 % above its request.");
        w.Fix.ShouldBe("Lower the CPU limit to at most 20 % above the request, or raise the request to what the container needs.");
    }

    [Fact]
    public void For_BarePod_SaysAgeAndLimitInWords()
    {
        var w = Words(V(PolicyKind.BarePod, new { createdAt = Now.AddHours(-8), maxAgeHours = 6 }));

        w.Evidence.ShouldBe("Bare pod running for 8 hours; bare pods may run 6 hours.");
        w.Fix.ShouldContain("Job");
    }

    [Fact]
    public void For_OldDeployment_SaysDays()
    {
        var w = Words(V(PolicyKind.OldDeployment, new { createdAt = Now.AddDays(-16), maxAgeDays = 14 }, "Deployment", "web", null));

        w.Evidence.ShouldBe("Deployment running for 16 days; Deployments may run 14 days.");
        w.Problem.ShouldBe("Deployment ml-team/web on cluster c1: a Deployment has run longer than allowed (old-deployment policy).");
    }

    [Fact]
    public void For_SleepJob_SaysJobsMustDoWork()
    {
        var w = Words(V(PolicyKind.SleepJob, new { command = "sleep" }, "Job", "napper", null));

        w.Evidence.ShouldBe("Every container of the Job only runs sleep.");
        w.Fix.ShouldStartWith("Jobs must do work");
    }

    [Fact]
    public void For_PodBudget_SaysCountAndBudget()
    {
        var w = Words(V(PolicyKind.PodBudget, new { nonCompliantPods = 6, max = 4 }));

        w.Evidence.ShouldBe("ann@example.edu has 6 non-compliant pods; at most 4 are allowed.");
    }

    [Fact]
    public void For_SessionIdle_SaysIdleTimeAndGpuUse()
    {
        var v = V(PolicyKind.SessionIdle, new { idleHours = 3.5, value = 1.5, threshold = 5, windowSeconds = 3600, gpus = 2 }, "JupyterServer", "jupyter-ann", "jupyter-ann");

        var w = Words(v);

        w.Evidence.ShouldBe("No activity for 3 hours 30 minutes; its 2 GPUs averaged 1.5 % over 1 hour (below 5 %).");
        w.NextStep.ShouldContain("stops the session");
    }

    [Fact]
    public void For_NotNoticedYetActPolicyDryRunOff_AnnotatesAtNextScanAndActsAfterGraceAndNotices()
    {
        var o = new PolicyOptions { Enforcement = { DryRun = false } };

        var w = Words(V(PolicyKind.BarePod, new { createdAt = Now.AddHours(-8), maxAgeHours = 6 }), o);

        // Three notices 6 hours apart end at +12 h; 24 hours after the annotation at the next scan is later.
        w.NextStep.ShouldBe("Nereid annotates it nereid.io/violation=bare-pod at the next scan; then Nereid deletes it on or after 2026-12-05 12:00 UTC (after 3 notices and 1 day after the annotation).");
        w.Deadline.ShouldBe(Now.AddDays(1));
    }

    [Fact]
    public void For_AnnotatedDeployment_ScalesDownAfterGraceFromTheAnnotation()
    {
        var o = new PolicyOptions { Enforcement = { DryRun = false } };
        var v = V(PolicyKind.OldDeployment, new { createdAt = Now.AddDays(-16), maxAgeDays = 14 }, "Deployment", "web", null);
        v.Enforcement = EnforcementState.Annotated;
        v.EnforcedAt = Now.AddHours(-2);
        v.NoticesSent = 3;
        v.LastNoticeAt = Now.AddHours(-2);

        var w = Words(v, o);

        w.NextStep.ShouldStartWith("Annotated nereid.io/violation=old-deployment 2026-12-04 10:00 UTC; then Nereid scales it to zero replicas on or after 2026-12-05 10:00 UTC");
        w.Deadline.ShouldBe(Now.AddHours(22));
    }

    [Fact]
    public void For_DryRun_SaysNothingIsChanged()
    {
        var w = Words(V(PolicyKind.SleepJob, new { command = "sleep" }, "Job", "napper", null));

        w.NextStep.ShouldEndWith("Enforcement is in dry run for now: Nereid only records these steps and changes nothing.");
    }

    [Fact]
    public void For_NotifyOnlyPolicy_HasNoDeadline()
    {
        var w = Words(V(PolicyKind.CpuUsage, new { value = 0.05, request = 4, percent = 1.3, min = 20, max = 200, windowSeconds = 21600 }),
            new PolicyOptions { Cpu = { Enforcement = EnforcementLevel.Notify, MinPercent = 20, MaxPercent = 200 } });

        w.NextStep.ShouldBe("No automatic step: it stays listed and is noticed again every 6 hours until fixed.");
        w.Deadline.ShouldBeNull();
    }

    [Fact]
    public void For_ScaledDown_SaysResolvedOnceItHolds()
    {
        var v = V(PolicyKind.OldDeployment, new { createdAt = Now.AddDays(-16), maxAgeDays = 14 }, "Deployment", "web", null);
        v.Enforcement = EnforcementState.ScaledDown;
        v.EnforcedAt = Now;

        Words(v, new PolicyOptions { Enforcement = { DryRun = false } }).NextStep.ShouldStartWith("Scaled to zero replicas 2026-12-04 12:00 UTC; it is resolved once it stays at zero.");
    }

    [Fact]
    public void For_EveryPolicyKind_NoBareSecondsAnywhere()
    {
        var evidence = new { value = 2, threshold = 40, window = "21600s", windowSeconds = 21600, gpus = 1, request = 1, percent = 2, min = 20, max = 200, idleHours = 6,
            createdAt = Now.AddHours(-7), maxAgeHours = 6, maxAgeDays = 14, container = "main", resource = "memory", limit = 4, nonCompliantPods = 5, command = "sleep" };
        foreach (var kind in Enum.GetValues<PolicyKind>())
        {
            var w = Words(V(kind, evidence));
            var text = ViolationWords.Text(w, new Uri("https://portal.example/violations/1"));

            Seconds().IsMatch(text).ShouldBeFalse($"{kind}: {text}");
            new[] { w.Problem, w.Evidence, w.Fix, w.NextStep }.ShouldAllBe(s => s.Length > 10, kind.ToString());
        }
    }

    [GeneratedRegex(@"\b\d+s\b")]
    private static partial Regex Seconds();
}
