using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Nereid.Data;
using Nereid.Data.Leases;
using Nereid.Kubernetes.Leader;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.Leader;

namespace Nereid.Server.FunctionalTests.Leader;

/// <summary>The shared elector over a lease row in the real database (SQLite, and PostgreSQL in the second pass).</summary>
public sealed class DatabaseLeaderElectorTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    private IServiceScopeFactory Scopes => app.Services.GetRequiredService<IServiceScopeFactory>();

    private LeaderElector Elector(string lease, string identity, bool releaseOnCancel = true) =>
        new(new DatabaseLeaseLock(Scopes, lease), new LeaderElectorOptions
        {
            Identity = identity, LeaseDuration = TimeSpan.FromSeconds(2), RenewDeadline = TimeSpan.FromSeconds(1),
            RenewInterval = TimeSpan.FromMilliseconds(100), ReleaseOnCancel = releaseOnCancel,
        }, TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task TryCreateAsync_TwoAtOnce_ExactlyOneWins()
    {
        var record = new LeaseRecord("x", 15, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 0);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => new DatabaseLeaseLock(Scopes, "race-create").TryCreateAsync(record, default)));

        results.Count(r => r is not null).ShouldBe(1);
        (await Row("race-create")).Version.ShouldBe(1);
    }

    [Fact]
    public async Task TryUpdateAsync_StaleVersion_ChangesNothing()
    {
        var leaseLock = new DatabaseLeaseLock(Scopes, "race-update");
        var created = (await leaseLock.TryCreateAsync(new LeaseRecord("a", 15, null, null, 0), default))!;
        var first = await leaseLock.TryUpdateAsync(created, created with { Holder = "b" }, default);
        var stale = await leaseLock.TryUpdateAsync(created, created with { Holder = "c" }, default);

        first.ShouldNotBeNull();
        first.Version.ShouldBe("2");
        stale.ShouldBeNull();
        (await Row("race-update")).Holder.ShouldBe("b");
    }

    [Fact]
    public async Task RunAsync_TwoReplicas_OneLeadsAndTheOtherTakesOverWhenItReleases()
    {
        var a = Elector("release", "replica-a");
        var b = Elector("release", "replica-b");
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var ledA = new TaskCompletionSource();
        var ledB = new TaskCompletionSource();

        var runA = a.RunAsync(new LeaderCallbacks(ct => { ledA.SetResult(); return Task.Delay(Timeout.Infinite, ct); }), stopA.Token);
        await ledA.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var runB = b.RunAsync(new LeaderCallbacks(ct => { ledB.SetResult(); return Task.Delay(Timeout.Infinite, ct); }), stopB.Token);
        await Task.Delay(500);

        a.IsLeader.ShouldBeTrue();
        b.IsLeader.ShouldBeFalse();
        (await Row("release")).Holder.ShouldBe("replica-a");

        await stopA.CancelAsync();
        await runA;
        await ledB.Task.WaitAsync(TimeSpan.FromSeconds(30));

        b.IsLeader.ShouldBeTrue();
        var row = await Row("release");
        row.Holder.ShouldBe("replica-b");
        row.Transitions.ShouldBe(1);
        await stopB.CancelAsync();
        await runB;
    }

    [Fact]
    public async Task RunAsync_LeaderStopsRenewingWithoutRelease_FollowerTakesOverAfterTheLeaseDuration()
    {
        var a = Elector("crash", "replica-a", releaseOnCancel: false);
        var b = Elector("crash", "replica-b");
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var ledA = new TaskCompletionSource();
        var runA = a.RunAsync(new LeaderCallbacks(ct => { ledA.SetResult(); return Task.Delay(Timeout.Infinite, ct); }), stopA.Token);
        await ledA.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stopA.CancelAsync();
        await runA;
        (await Row("crash")).Holder.ShouldBe("replica-a");

        var ledB = new TaskCompletionSource();
        var started = DateTime.UtcNow;
        var runB = b.RunAsync(new LeaderCallbacks(ct => { ledB.SetResult(); return Task.Delay(Timeout.Infinite, ct); }), stopB.Token);
        await ledB.Task.WaitAsync(TimeSpan.FromSeconds(30));

        (DateTime.UtcNow - started).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9));
        (await Row("crash")).Holder.ShouldBe("replica-b");
        await stopB.CancelAsync();
        await runB;
    }

    private async Task<LeaderLeaseRow> Row(string name)
    {
        await using var scope = Scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<LeaderLeaseRow>().AsNoTracking().SingleAsync(l => l.Name == name);
    }
}
