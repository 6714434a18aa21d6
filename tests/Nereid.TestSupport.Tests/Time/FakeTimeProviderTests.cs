using Nereid.TestSupport.Time;

namespace Nereid.TestSupport.Tests.Time;

public class FakeTimeProviderTests
{
    [Fact]
    public void Advance_TimersDueAtDifferentTimes_FiresInDueOrderWithClockAtDueTime()
    {
        var clock = new FakeTimeProvider();
        var start = clock.GetUtcNow();
        var fired = new List<(string Name, TimeSpan At)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(20));
        fired.ShouldBe([("early", TimeSpan.FromSeconds(10))]);

        clock.Advance(TimeSpan.FromSeconds(20));
        fired.ShouldBe([("early", TimeSpan.FromSeconds(10)), ("late", TimeSpan.FromSeconds(30))]);
        clock.GetUtcNow().ShouldBe(start + TimeSpan.FromSeconds(40));
    }

    [Fact]
    public void Advance_PeriodicTimer_FiresOncePerPeriod()
    {
        var clock = new FakeTimeProvider();
        var count = 0;
        using var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        clock.Advance(TimeSpan.FromMinutes(5.5));

        count.ShouldBe(5);
    }

    [Fact]
    public void Change_DisposedOrDisarmed_DoesNotFire()
    {
        var clock = new FakeTimeProvider();
        var count = 0;
        var disarmed = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        var disposed = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        disarmed.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan).ShouldBeTrue();
        disposed.Dispose();
        clock.Advance(TimeSpan.FromHours(1));

        count.ShouldBe(0);
        disposed.Change(TimeSpan.Zero, TimeSpan.Zero).ShouldBeFalse();
    }

    [Fact]
    public async Task Advance_TaskDelayOnFakeClock_CompletesOnlyAfterAdvance()
    {
        var clock = new FakeTimeProvider();
        var delay = Task.Delay(TimeSpan.FromMinutes(10), clock, TestTimeout.Token);

        clock.Advance(TimeSpan.FromMinutes(9));
        delay.IsCompleted.ShouldBeFalse();
        clock.Advance(TimeSpan.FromMinutes(1));

        await delay;
        delay.IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Fact]
    public void UtcNow_SetForward_FiresTimersAndSetBackward_MovesClockOnly()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var count = 0;
        using var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);

        clock.UtcNow = new DateTimeOffset(2030, 5, 1, 14, 0, 0, TimeSpan.Zero);
        count.ShouldBe(1);
        clock.UtcNow = new DateTimeOffset(2030, 5, 1, 8, 0, 0, TimeSpan.Zero);

        clock.GetUtcNow().ShouldBe(new DateTimeOffset(2030, 5, 1, 8, 0, 0, TimeSpan.Zero));
        clock.GetTimestamp().ShouldBe(clock.GetUtcNow().UtcTicks);
    }

    [Fact]
    public void Advance_NegativeDelta_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new FakeTimeProvider().Advance(TimeSpan.FromSeconds(-1)));
    }
}
