using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Nereid.Kubernetes.Tests.Support;
using Nereid.Kubernetes.WorkQueue;

namespace Nereid.Kubernetes.Tests.WorkQueue;

public class ReconcileLoopTests
{
    private static ReconcileLoop<string> Loop(WorkQueue<string> queue, Func<string, CancellationToken, Task<ReconcileResult>> reconcile, int workers = 4) =>
        new("test", queue, reconcile, workers, NullLogger<ReconcileLoop<string>>.Instance);

    [Fact]
    public async Task RunAsync_ManyKeysReaddedWhileRunning_OneWorkerPerKeyAndBoundedConcurrency()
    {
        using var queue = new WorkQueue<string>(TimeProvider.System);
        var perKey = new ConcurrentDictionary<string, int>();
        var passes = new ConcurrentDictionary<string, int>();
        int inFlight = 0, peak = 0, overlaps = 0;
        using var cts = new CancellationTokenSource();
        var loop = Loop(queue, async (key, ct) =>
        {
            if (perKey.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            var count = passes.AddOrUpdate(key, 1, (_, n) => n + 1);
            if (count == 1)
            {
                queue.Add(key); // re-added while processing: must run again, but not concurrently
            }
            await Task.Delay(1, ct);
            Interlocked.Decrement(ref inFlight);
            perKey.AddOrUpdate(key, 0, (_, n) => n - 1);
            return ReconcileResult.Done;
        }, workers: 3);
        var run = loop.RunAsync(cts.Token);

        for (var i = 0; i < 30; i++)
        {
            queue.Add($"k{i % 10}");
        }
        await WaitUntilAsync(() => passes.Count == 10 && passes.Values.All(n => n >= 2) && Volatile.Read(ref inFlight) == 0);
        await cts.CancelAsync();
        await run;

        overlaps.ShouldBe(0);
        peak.ShouldBeLessThanOrEqualTo(3);
        passes.Values.ShouldAllBe(n => n == 2);
    }

    [Fact]
    public async Task RunAsync_ReconcileThrows_RequeuesRateLimitedThenForgetsOnSuccess()
    {
        using var queue = new WorkQueue<string>(TimeProvider.System, new WorkQueueOptions { BaseDelay = TimeSpan.FromMilliseconds(1) });
        var calls = 0;
        using var cts = new CancellationTokenSource();
        var run = Loop(queue, (_, _) => ++calls < 3 ? throw new InvalidOperationException("transient") : Task.FromResult(ReconcileResult.Done)).RunAsync(cts.Token);

        queue.Add("a");
        await WaitUntilAsync(() => Volatile.Read(ref calls) >= 3);
        await WaitUntilAsync(() => queue.NumRequeues("a") == 0);
        await cts.CancelAsync();
        await run;

        calls.ShouldBe(3);
    }

    [Fact]
    public async Task RunAsync_TerminalFailures_AreNotRetried()
    {
        var time = new TimerRecordingTimeProvider();
        using var queue = new WorkQueue<string>(time);
        var calls = new ConcurrentDictionary<string, int>();
        using var cts = new CancellationTokenSource();
        var run = Loop(queue, (key, _) =>
        {
            calls.AddOrUpdate(key, 1, (_, n) => n + 1);
            return key == "throws" ? throw new TerminalException("bad input") : Task.FromResult(ReconcileResult.Terminal("bad input"));
        }).RunAsync(cts.Token);

        queue.Add("throws");
        queue.Add("returns");
        queue.Add("marker");
        await WaitUntilAsync(() => calls.ContainsKey("marker") && calls.Count == 3);
        await cts.CancelAsync();
        await run;

        time.RequestedDelays.ShouldBeEmpty();
        calls["throws"].ShouldBe(1);
        calls["returns"].ShouldBe(1);
        queue.NumRequeues("throws").ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_RequeueAfter_AddsKeyBackAfterDelay()
    {
        var time = new TimerRecordingTimeProvider();
        using var queue = new WorkQueue<string>(time);
        var calls = 0;
        using var cts = new CancellationTokenSource();
        var run = Loop(queue, (_, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(ReconcileResult.RequeueAfter(TimeSpan.FromMinutes(1)));
        }, workers: 1).RunAsync(cts.Token);

        queue.Add("a");
        await time.WaitForTimerAsync(d => d == TimeSpan.FromMinutes(1));
        Volatile.Read(ref calls).ShouldBe(1);
        time.Advance(TimeSpan.FromMinutes(1));
        await WaitUntilAsync(() => Volatile.Read(ref calls) == 2);

        await cts.CancelAsync();
        await run;
        queue.IsShuttingDown.ShouldBeTrue();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 5000 && !condition(); i++)
        {
            await Task.Delay(1);
        }
        condition().ShouldBeTrue();
    }
}
