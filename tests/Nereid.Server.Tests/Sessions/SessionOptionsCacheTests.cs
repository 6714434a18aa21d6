using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nereid.Domain.People;
using Nereid.Server.Auth;
using Nereid.Server.Clusters;
using Nereid.Server.Resources;
using Nereid.Server.Sessions;

namespace Nereid.Server.Tests.Sessions;

public sealed class SessionOptionsCacheTests
{
    private static readonly Actor Member = new(Guid.NewGuid(), "Member", Tier.User);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 1, 0, 0, TimeSpan.Zero));
    private readonly CountingComputer _computer = new();

    private SessionOptionsCache Cache(TimeSpan? cacheTime = null)
    {
        var services = new ServiceCollection().AddScoped<ISessionOptionsComputer>(_ => _computer).BuildServiceProvider();
        var inventory = new InventoryService(new StaticClusterConnections([]), Options.Create(new ResourcesOptions()), _time);
        return new SessionOptionsCache(services.GetRequiredService<IServiceScopeFactory>(), inventory,
            Options.Create(new SessionsOptions { OptionsCacheTime = cacheTime ?? TimeSpan.FromSeconds(2) }), _time, new Lifetime(),
            NullLogger<SessionOptionsCache>.Instance);
    }

    [Fact]
    public async Task GetAsync_ConcurrentMisses_OneComputationShared()
    {
        var cache = Cache();
        var gate = _computer.Hold();

        var waiting = Enumerable.Range(0, 32).Select(_ => cache.GetAsync(Member, default)).ToList();
        gate.SetResult();
        var bodies = await Task.WhenAll(waiting);

        _computer.Calls.ShouldBe(1);
        bodies.Select(b => Encoding.UTF8.GetString(b.Utf8)).Distinct().ShouldBe(["[\"v1\"]"]);
    }

    [Fact]
    public async Task GetAsync_WithinHalfTheCacheTime_AnswersFromMemory()
    {
        var cache = Cache();
        var first = await cache.GetAsync(Member, default);
        _time.Advance(TimeSpan.FromMilliseconds(900));

        var second = await cache.GetAsync(Member, default);

        second.ShouldBeSameAs(first);
        _computer.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task GetAsync_PastHalfTheCacheTime_AnswersKeptBodyWhileOneRefreshRuns()
    {
        var cache = Cache();
        var first = await cache.GetAsync(Member, default);
        _time.Advance(TimeSpan.FromMilliseconds(1100));
        var gate = _computer.Hold();

        var during = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => cache.GetAsync(Member, default)));
        gate.SetResult();
        await cache.WhenIdleAsync(Member.PersonId);
        // Past the first body's time: the answer is the refreshed body.
        _time.Advance(TimeSpan.FromMilliseconds(900));
        var after = await cache.GetAsync(Member, default);

        during.ShouldAllBe(b => ReferenceEquals(b, first));
        _computer.Calls.ShouldBe(2);
        Encoding.UTF8.GetString(after.Utf8).ShouldBe("[\"v2\"]");
        after.ETag.ShouldNotBe(first.ETag);
    }

    [Fact]
    public async Task GetAsync_PastTheCacheTime_WaitsForAFreshComputation()
    {
        var cache = Cache();
        await cache.GetAsync(Member, default);
        _time.Advance(TimeSpan.FromSeconds(2));

        var body = await cache.GetAsync(Member, default);

        Encoding.UTF8.GetString(body.Utf8).ShouldBe("[\"v2\"]");
        _computer.Calls.ShouldBe(2);
    }

    [Fact]
    public async Task GetAsync_PastTheCacheTimeInputsUnchanged_KeepsBodyWithoutBuilding()
    {
        var cache = Cache();
        _computer.SameInputs = true;
        var first = await cache.GetAsync(Member, default);
        _time.Advance(TimeSpan.FromSeconds(2));

        var second = await cache.GetAsync(Member, default);

        second.ShouldBeSameAs(first);
        _computer.Calls.ShouldBe(2);
        _computer.Builds.ShouldBe(1);
    }

    [Fact]
    public async Task GetAsync_PastTheCacheTimeWhileItsRefreshRuns_AnswersKeptBodyWithoutWaiting()
    {
        var cache = Cache();
        var first = await cache.GetAsync(Member, default);
        _time.Advance(TimeSpan.FromMilliseconds(1100));
        var gate = _computer.Hold();
        (await cache.GetAsync(Member, default)).ShouldBeSameAs(first);
        _time.Advance(TimeSpan.FromMilliseconds(1000));

        var during = cache.GetAsync(Member, default);

        during.IsCompletedSuccessfully.ShouldBeTrue();
        (await during).ShouldBeSameAs(first);
        gate.SetResult();
        await cache.WhenIdleAsync(Member.PersonId);
        Encoding.UTF8.GetString((await cache.GetAsync(Member, default)).Utf8).ShouldBe("[\"v2\"]");
    }

    [Fact]
    public async Task GetAsync_PastTwiceTheCacheTimeWhileItsRefreshRuns_WaitsForIt()
    {
        var cache = Cache();
        await cache.GetAsync(Member, default);
        _time.Advance(TimeSpan.FromMilliseconds(1100));
        var gate = _computer.Hold();
        await cache.GetAsync(Member, default);
        _time.Advance(TimeSpan.FromSeconds(3));

        var waiting = cache.GetAsync(Member, default);
        waiting.IsCompleted.ShouldBeFalse();
        gate.SetResult();

        Encoding.UTF8.GetString((await waiting).Utf8).ShouldBe("[\"v2\"]");
    }

    [Fact]
    public async Task GetAsync_SamePersonNowGuest_EmptyListAtOnce()
    {
        var cache = Cache();
        await cache.GetAsync(Member, default);

        var body = await cache.GetAsync(Member with { Tier = Tier.Guest }, default);

        body.ShouldBeSameAs(SessionOptionsBody.Empty);
    }

    [Fact]
    public async Task GetAsync_CacheTimeZero_ComputesEveryRequest()
    {
        var cache = Cache(TimeSpan.Zero);

        await cache.GetAsync(Member, default);
        await cache.GetAsync(Member, default);

        _computer.Calls.ShouldBe(2);
    }

    [Fact]
    public async Task GetAsync_Guest_EmptyListWithoutComputing()
    {
        var cache = Cache();

        var body = await cache.GetAsync(new Actor(Guid.NewGuid(), "Guest", Tier.Guest), default);

        body.ShouldBeSameAs(SessionOptionsBody.Empty);
        _computer.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task GetAsync_ComputationFails_NothingKeptAndTheNextRequestTriesAgain()
    {
        var cache = Cache();
        _computer.FailNext = true;

        await Should.ThrowAsync<InvalidOperationException>(() => cache.GetAsync(Member, default));
        var body = await cache.GetAsync(Member, default);

        Encoding.UTF8.GetString(body.Utf8).ShouldBe("[\"v2\"]");
    }

    [Fact]
    public void Of_SameBytes_SameStrongETag_OtherBytes_Other()
    {
        var a = SessionOptionsBody.Of("[1]"u8.ToArray());
        var b = SessionOptionsBody.Of("[1]"u8.ToArray());
        var c = SessionOptionsBody.Of("[2]"u8.ToArray());

        a.ETag.ShouldBe(b.ETag);
        a.ETag.ShouldNotBe(c.ETag);
        a.ETag.ShouldStartWith("\"");
        a.ETag.ShouldEndWith("\"");
    }

    [Theory]
    [InlineData("\"abc\"", true)]
    [InlineData("W/\"abc\"", true)]
    [InlineData("\"x\", \"abc\"", true)]
    [InlineData("*", true)]
    [InlineData("\"abd\"", false)]
    [InlineData("abc", false)]
    [InlineData("", false)]
    public void Matches_IfNoneMatch_WeakComparison(string header, bool expected) =>
        SessionsApi.Matches(header, "\"abc\"").ShouldBe(expected);

    /// <summary>
    /// Reads inputs naming <c>v&lt;n&gt;</c> on its n-th load (or the same inputs every time when <see cref="SameInputs"/>)
    /// and builds <c>["v&lt;n&gt;"]</c> from them; its loads can be held until a test lets them finish.
    /// </summary>
    private sealed class CountingComputer : ISessionOptionsComputer
    {
        private TaskCompletionSource? _hold;
        public int Calls;
        public int Builds;
        public bool FailNext;
        public bool SameInputs;

        public TaskCompletionSource Hold()
        {
            _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _hold;
        }

        public async Task<SessionOptionsInputs> LoadAsync(Guid person, CancellationToken ct)
        {
            var n = Interlocked.Increment(ref Calls);
            if (_hold is { } hold)
                await hold.Task;
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("database down");
            }
            var version = SameInputs ? "v1" : $"v{n}";
            return new SessionOptionsInputs([new NamespaceInputs(Guid.Empty, "lab", new Dictionary<string, string>(), [])],
                [new SessionImageView(version, "image", "", false, default)]);
        }

        public byte[] Build(SessionOptionsInputs inputs, IReadOnlyList<ClusterSnapshot> snapshots)
        {
            Interlocked.Increment(ref Builds);
            return Encoding.UTF8.GetBytes($"[\"{inputs.Images[0].Name}\"]");
        }
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() { }
    }
}
