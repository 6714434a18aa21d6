using Microsoft.Extensions.Logging.Abstractions;
using Nereid.Kubernetes.Leader;
using TestClock = Microsoft.Extensions.Time.Testing.FakeTimeProvider;

namespace Nereid.Kubernetes.Tests.Leader;

/// <summary>The one retry rule every leader in Nereid follows.</summary>
public sealed class LeaderLoopTests
{
    /// <summary>An elector that grants leadership at once and counts campaigns; leadership ends when the work returns or the token fires.</summary>
    private sealed class GrantingElector : ILeaderElector
    {
        public int Campaigns;

        public string Identity => "me";

        public bool IsLeader { get; private set; }

        public async Task RunAsync(LeaderCallbacks callbacks, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Campaigns);
            IsLeader = true;
            try
            {
                await callbacks.OnStartedLeading(cancellationToken);
            }
            finally
            {
                IsLeader = false;
            }
        }
    }

    [Fact]
    public async Task RunAsync_LeaderWorkThrows_PausesBeforeCampaigningAgain()
    {
        var clock = new TestClock();
        var elector = new GrantingElector();
        var loop = new LeaderLoop(elector, "test-lease", TimeSpan.FromSeconds(5), clock, NullLogger.Instance);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var runs = 0;
        var running = loop.RunAsync(_ =>
        {
            Interlocked.Increment(ref runs);
            throw new InvalidOperationException("database down");
        }, stop.Token);

        await WaitUntilAsync(() => Volatile.Read(ref runs) == 1, stop.Token);
        await Task.Delay(200, stop.Token);
        elector.Campaigns.ShouldBe(1);
        clock.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(200, stop.Token);
        elector.Campaigns.ShouldBe(1);
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => Volatile.Read(ref runs) == 2, stop.Token);

        elector.Campaigns.ShouldBe(2);
        await stop.CancelAsync();
        clock.Advance(TimeSpan.FromSeconds(5));
        await running;
    }

    [Fact]
    public async Task RunAsync_LeadershipCancelled_StopsWithoutPauseWhenTheHostStops()
    {
        var clock = new TestClock();
        var elector = new GrantingElector();
        var loop = new LeaderLoop(elector, "test-lease-2", TimeSpan.FromMinutes(10), clock, NullLogger.Instance);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var leading = new TaskCompletionSource();
        var running = loop.RunAsync(async token =>
        {
            leading.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, clock, token);
        }, stop.Token);
        await leading.Task.WaitAsync(stop.Token);
        loop.IsLeader.ShouldBeTrue();

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        elector.Campaigns.ShouldBe(1);
        loop.IsLeader.ShouldBeFalse();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
            await Task.Delay(10, ct);
    }
}
