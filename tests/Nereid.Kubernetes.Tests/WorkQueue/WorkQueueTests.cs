using Microsoft.Extensions.Time.Testing;
using Nereid.Kubernetes.Tests.Support;
using Nereid.Kubernetes.WorkQueue;

namespace Nereid.Kubernetes.Tests.WorkQueue;

public class WorkQueueTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Add_DuplicateWhileWaiting_IsFolded()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());

        queue.Add("a");
        queue.Add("b");
        queue.Add("a");

        queue.Count.ShouldBe(2);
        (await queue.GetAsync(None)).Key.ShouldBe("a");
        (await queue.GetAsync(None)).Key.ShouldBe("b");
        queue.Count.ShouldBe(0);
    }

    [Fact]
    public async Task Add_WhileProcessing_RunsAgainOnlyAfterDone()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        queue.Add("a");
        var first = await queue.GetAsync(None);

        queue.Add("a");
        queue.Add("a");
        queue.Count.ShouldBe(0);
        var second = queue.GetAsync(None);
        second.IsCompleted.ShouldBeFalse();

        queue.Done(first.Key);
        (await second).Key.ShouldBe("a");
        queue.Count.ShouldBe(0);
    }

    [Fact]
    public void AddRateLimited_RepeatedFailures_BacksOffExponentiallyUntilForget()
    {
        var time = new TimerRecordingTimeProvider();
        using var queue = new WorkQueue<string>(time, new WorkQueueOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(4) });

        for (var i = 0; i < 4; i++)
        {
            queue.AddRateLimited("a");
            time.Advance(TimeSpan.FromSeconds(10));
        }
        queue.NumRequeues("a").ShouldBe(4);
        queue.Forget("a");
        queue.NumRequeues("a").ShouldBe(0);
        queue.AddRateLimited("a");

        time.RequestedDelays.ShouldBe(new[] { 1, 2, 4, 4, 1 }.Select(s => TimeSpan.FromSeconds(s)));
    }

    [Fact]
    public void AddRateLimited_Defaults_StartAtFiveMilliseconds()
    {
        var time = new TimerRecordingTimeProvider();
        using var queue = new WorkQueue<string>(time);

        queue.AddRateLimited("a");
        queue.AddRateLimited("b");
        queue.AddRateLimited("b");

        time.RequestedDelays.ShouldBe([TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(5)]);
        time.Advance(TimeSpan.FromMilliseconds(5));
        queue.Count.ShouldBe(2);
    }

    [Fact]
    public void AddAfter_Delay_QueuesOnlyWhenDue()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(time);

        queue.AddAfter("a", TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(29));
        queue.Count.ShouldBe(0);
        time.Advance(TimeSpan.FromSeconds(1));
        queue.Count.ShouldBe(1);
    }

    [Fact]
    public void AddAfter_EarlierDelayForSameKey_Wins()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(time);

        queue.AddAfter("a", TimeSpan.FromSeconds(30));
        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        queue.AddAfter("a", TimeSpan.FromSeconds(60));
        time.Advance(TimeSpan.FromSeconds(5));
        queue.Count.ShouldBe(1);

        time.Advance(TimeSpan.FromMinutes(5));
        queue.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ShutDown_WithWaitingKeys_HandsThemOutThenSignalsShutdown()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        queue.Add("a");

        queue.ShutDown();
        queue.Add("b");

        (await queue.GetAsync(None)).ShouldBe(new WorkItem<string>("a", false));
        (await queue.GetAsync(None)).Shutdown.ShouldBeTrue();
        (await queue.GetAsync(None)).Shutdown.ShouldBeTrue();
    }

    [Fact]
    public async Task ShutDownWithDrainAsync_KeyInProcess_CompletesAfterDone()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        queue.Add("a");
        var item = await queue.GetAsync(None);

        var drain = queue.ShutDownWithDrainAsync(None);
        drain.IsCompleted.ShouldBeFalse();
        queue.Done(item.Key);

        await drain;
        queue.IsShuttingDown.ShouldBeTrue();
    }

    [Fact]
    public async Task GetAsync_WaitingWorker_WakesOnShutdown()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        var waiting = queue.GetAsync(None);

        queue.ShutDown();

        (await waiting).Shutdown.ShouldBeTrue();
    }
}
