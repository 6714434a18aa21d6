using Microsoft.Extensions.Logging.Abstractions;
using Nereid.Kubernetes.Leader;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Tests.Support;

namespace Nereid.Kubernetes.Tests.Leader;

public class LeaseLeaderElectorTests
{
    private readonly FakeLeaseApi _api = new();
    private readonly TimerRecordingTimeProvider _time = new();

    private LeaseLeaderElector Elector(string identity) =>
        new(TestClients.Create(_api.Handler), new LeaseLeaderElectorOptions { Namespace = "nereid", Name = "ctl", Identity = identity },
            _time, NullLogger<LeaseLeaderElector>.Instance);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 5000 && !condition(); i++)
        {
            await Task.Delay(1);
        }
        condition().ShouldBeTrue();
    }

    [Fact]
    public async Task RunAsync_NoLease_CreatesItAndLeadsUntilCancelledThenReleases()
    {
        var elector = Elector("a");
        var started = new TaskCompletionSource();
        var stopped = 0;
        using var cts = new CancellationTokenSource();

        var run = elector.RunAsync(new LeaderCallbacks(ct => { started.SetResult(); return Task.Delay(Timeout.Infinite, ct); }, () => stopped++), cts.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        elector.IsLeader.ShouldBeTrue();
        var lease = _api.Current!;
        lease.Spec!.HolderIdentity.ShouldBe("a");
        lease.Spec.LeaseDurationSeconds.ShouldBe(15);
        lease.Spec.LeaseTransitions.ShouldBe(0);

        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(2));
        await WaitUntilAsync(() => _api.Current!.Spec!.RenewTime == _time.GetUtcNow());

        await cts.CancelAsync();
        await run;
        elector.IsLeader.ShouldBeFalse();
        stopped.ShouldBe(1);
        _api.Current!.Spec!.HolderIdentity.ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_HeldByLiveHolder_WaitsUntilItStopsRenewingThenTakesOver()
    {
        _api.Put(new Lease
        {
            Metadata = new ObjectMeta { Name = "ctl", Namespace = "nereid" },
            Spec = new LeaseSpec { HolderIdentity = "ghost", LeaseDurationSeconds = 15, RenewTime = _time.GetUtcNow(), LeaseTransitions = 4 },
        });
        var elector = Elector("b");
        var started = new TaskCompletionSource();
        using var cts = new CancellationTokenSource();
        var run = elector.RunAsync(new LeaderCallbacks(ct => { started.SetResult(); return Task.Delay(Timeout.Infinite, ct); }), cts.Token);

        for (var i = 0; i < 7; i++)
        {
            await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(2));
            _time.Advance(TimeSpan.FromSeconds(2));
        }
        elector.IsLeader.ShouldBeFalse();
        _api.Current!.Spec!.HolderIdentity.ShouldBe("ghost");

        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(2));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var lease = _api.Current!;
        lease.Spec!.HolderIdentity.ShouldBe("b");
        lease.Spec.LeaseTransitions.ShouldBe(5);
        lease.Spec.AcquireTime.ShouldBe(_time.GetUtcNow());
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task RunAsync_AnotherHolderTakesOver_StepsDownAndCancelsWork()
    {
        var elector = Elector("a");
        CancellationToken workToken = default;
        var started = new TaskCompletionSource();
        var stopped = new TaskCompletionSource();
        var run = elector.RunAsync(new LeaderCallbacks(
            ct => { workToken = ct; started.SetResult(); return Task.Delay(Timeout.Infinite, ct); },
            () => stopped.SetResult()), CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var stolen = _api.Current!;
        stolen.Spec!.HolderIdentity = "usurper";
        _api.Put(stolen);
        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(2));

        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await run;
        workToken.IsCancellationRequested.ShouldBeTrue();
        elector.IsLeader.ShouldBeFalse();
        _api.Current!.Spec!.HolderIdentity.ShouldBe("usurper");
    }

    [Fact]
    public async Task RunAsync_RenewalConflictsBriefly_KeepsLeading()
    {
        var elector = Elector("a");
        CancellationToken workToken = default;
        var started = new TaskCompletionSource();
        using var cts = new CancellationTokenSource();
        var run = elector.RunAsync(new LeaderCallbacks(ct => { workToken = ct; started.SetResult(); return Task.Delay(Timeout.Infinite, ct); }), cts.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        _api.FailNextUpdates(2);

        for (var i = 0; i < 3; i++)
        {
            await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(2));
            _time.Advance(TimeSpan.FromSeconds(2));
        }
        await WaitUntilAsync(() => _api.Current!.Spec!.RenewTime == _time.GetUtcNow());

        _api.Conflicts.ShouldBe(2);
        elector.IsLeader.ShouldBeTrue();
        workToken.IsCancellationRequested.ShouldBeFalse();
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task RunAsync_RenewalConflictsPastDeadline_StepsDown()
    {
        var elector = Elector("a");
        var started = new TaskCompletionSource();
        var stopped = new TaskCompletionSource();
        var run = elector.RunAsync(new LeaderCallbacks(ct => { started.SetResult(); return Task.Delay(Timeout.Infinite, ct); }, () => stopped.SetResult()),
            CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        _api.FailNextUpdates(int.MaxValue);

        while (!stopped.Task.IsCompleted)
        {
            await Task.WhenAny(stopped.Task, _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(2)));
            _time.Advance(TimeSpan.FromSeconds(2));
        }

        await run;
        elector.IsLeader.ShouldBeFalse();
        _time.GetUtcNow().ShouldBeGreaterThanOrEqualTo(_api.Current!.Spec!.RenewTime!.Value + new LeaseLeaderElectorOptions().RenewDeadline);
    }

    [Fact]
    public async Task RunAsync_TwoContenders_OnlyOneLeads()
    {
        var a = Elector("a");
        var b = Elector("b");
        var leaders = 0;
        using var cts = new CancellationTokenSource();
        Task Work(CancellationToken ct)
        {
            Interlocked.Increment(ref leaders);
            return Task.Delay(Timeout.Infinite, ct);
        }

        var runA = a.RunAsync(new LeaderCallbacks(Work), cts.Token);
        var runB = b.RunAsync(new LeaderCallbacks(Work), cts.Token);
        await WaitUntilAsync(() => Volatile.Read(ref leaders) == 1);
        for (var i = 0; i < 3; i++)
        {
            await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(2));
            _time.Advance(TimeSpan.FromSeconds(2));
        }

        Volatile.Read(ref leaders).ShouldBe(1);
        (a.IsLeader ^ b.IsLeader).ShouldBeTrue();
        await cts.CancelAsync();
        await Task.WhenAll(runA, runB);
    }
}
