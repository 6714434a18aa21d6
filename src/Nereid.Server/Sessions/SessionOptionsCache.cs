using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Nereid.Domain.People;
using Nereid.Server.Auth;
using Nereid.Server.Resources;

namespace Nereid.Server.Sessions;

/// <summary>
/// Where every answer of <c>/api/v1/sessions/options</c> comes from. JupyterHub asks on every spawn-form load and every
/// start, and one answer is a few hundred KiB computed from the database and thousands of nodes, so each person's last
/// body (serialised once, with its ETag) is kept for <see cref="SessionsOptions.OptionsCacheTime"/> and only while every
/// inventory snapshot it was computed from is still the current one (a cordon or a new pod shows in the next answer).
/// Concurrent misses of one person share one computation; once an entry is past half its time, one refresh starts in
/// the background and the entry keeps answering until it expires, so a steady caller never waits for a computation.
/// A refresh re-reads only the inputs (<see cref="ISessionOptionsComputer.LoadAsync"/>); when they and the inventory
/// are unchanged it renews the kept body instead of building, serialising and hashing it again.
/// </summary>
internal sealed partial class SessionOptionsCache
{
    private const int PruneAbove = 4096;
    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly ConcurrentDictionary<Guid, Flight> _flights = new();
    private readonly IServiceScopeFactory scopes;
    private readonly InventoryService inventory;
    private readonly IOptions<SessionsOptions> options;
    private readonly TimeProvider time;
    private readonly IHostApplicationLifetime lifetime;
    private readonly ILogger<SessionOptionsCache> logger;

    // Taken again only when a snapshot changes: reading InventoryService.Snapshots builds a list from a concurrent
    // dictionary (taking all its locks), which every cache hit would otherwise pay.
    private IReadOnlyList<ClusterSnapshot> _snapshots;
    private readonly Lock _snapshotGate = new();

    public SessionOptionsCache(IServiceScopeFactory scopes, InventoryService inventory, IOptions<SessionsOptions> options,
        TimeProvider time, IHostApplicationLifetime lifetime, ILogger<SessionOptionsCache> logger)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        this.scopes = scopes;
        this.inventory = inventory;
        this.options = options;
        this.time = time;
        this.lifetime = lifetime;
        this.logger = logger;
        // Under a lock, so of two clusters changing at once the later write has read both new snapshots.
        inventory.Changed += _ =>
        {
            lock (_snapshotGate)
                Volatile.Write(ref _snapshots, inventory.Snapshots);
        };
        lock (_snapshotGate)
            _snapshots = inventory.Snapshots;
    }

    /// <summary>The caller's options body: empty for guests, otherwise from memory or computed.</summary>
    public async Task<SessionOptionsBody> GetAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.AtLeast(Tier.User))
            return SessionOptionsBody.Empty;
        var snapshots = Volatile.Read(ref _snapshots);
        if (options.Value.OptionsCacheTime <= TimeSpan.Zero)
            return (await ComputeAsync(actor.PersonId, snapshots, ct)).Body;
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(actor.PersonId, out var entry) && Same(entry.Snapshots, snapshots))
        {
            if (now < entry.Until)
            {
                if (now >= entry.RefreshFrom && !_flights.ContainsKey(actor.PersonId))
                    Observe(Join(actor.PersonId, snapshots));
                return entry.Body;
            }
            // Past its time while its refresh still runs (a slow database or a loaded machine): waiting would give the
            // refreshed body no sooner than the refresh gives it to everyone, so the kept one answers meanwhile, for at
            // most one more cache time.
            if (now < entry.Until + options.Value.OptionsCacheTime && _flights.TryGetValue(actor.PersonId, out var running)
                && Same(running.Snapshots, snapshots))
                return entry.Body;
        }
        return await Join(actor.PersonId, snapshots).WaitAsync(ct);
    }

    /// <summary>Completes once no computation for <paramref name="person"/> is under way (what it computed is then kept).</summary>
    internal Task WhenIdleAsync(Guid person) =>
        _flights.TryGetValue(person, out var running) ? running.Body.Value.ContinueWith(_ => WhenIdleAsync(person), TaskScheduler.Default).Unwrap() : Task.CompletedTask;

    /// <summary>The computation of <paramref name="person"/>'s body from <paramref name="snapshots"/> under way, or a new one.</summary>
    private Task<SessionOptionsBody> Join(Guid person, IReadOnlyList<ClusterSnapshot> snapshots)
    {
        while (true)
        {
            if (_flights.TryGetValue(person, out var running))
            {
                if (Same(running.Snapshots, snapshots))
                    return running.Body.Value;
                // That one reads an older inventory: a new one takes its place for everyone who asks from now on.
                var replacement = NewFlight(person, snapshots);
                if (_flights.TryUpdate(person, replacement, running))
                    return replacement.Body.Value;
                continue;
            }
            var flight = NewFlight(person, snapshots);
            if (_flights.TryAdd(person, flight))
                return flight.Body.Value;
        }
    }

    private Flight NewFlight(Guid person, IReadOnlyList<ClusterSnapshot> snapshots)
    {
        Flight? flight = null;
        // Lazy: of two racing candidates only the one that made it into the map ever computes. Started on the thread
        // pool, so the requests that ask for the value meanwhile never block on the Lazy's lock while the first one runs
        // the computation's synchronous start (scope, DbContext, query compilation).
        flight = new Flight(snapshots, new Lazy<Task<SessionOptionsBody>>(() => Task.Run(() => RunAsync(person, snapshots, flight!))));
        return flight;
    }

    // Shared by every request that joins it, so it runs to the end whatever happens to the request that started it.
    private async Task<SessionOptionsBody> RunAsync(Guid person, IReadOnlyList<ClusterSnapshot> snapshots, Flight self)
    {
        try
        {
            var started = time.GetUtcNow();
            var computed = await ComputeAsync(person, snapshots, lifetime.ApplicationStopping);
            Keep(person, snapshots, computed, started);
            return computed.Body;
        }
        finally
        {
            _flights.TryRemove(new KeyValuePair<Guid, Flight>(person, self));
        }
    }

    /// <summary>The inputs read now, and the kept body when neither they nor the inventory changed, else a newly built one.</summary>
    private async Task<Computed> ComputeAsync(Guid person, IReadOnlyList<ClusterSnapshot> snapshots, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var computer = scope.ServiceProvider.GetRequiredService<ISessionOptionsComputer>();
        var inputs = await computer.LoadAsync(person, ct);
        if (_entries.TryGetValue(person, out var kept) && Same(kept.Snapshots, snapshots) && kept.Inputs.SameAs(inputs))
            return new Computed(inputs, kept.Body);
        return new Computed(inputs, inputs.Namespaces.Count == 0 ? SessionOptionsBody.Empty : SessionOptionsBody.Of(computer.Build(inputs, snapshots)));
    }

    /// <summary>Keeps a body computed from the current inventory; the time counts from when the computation started.</summary>
    private void Keep(Guid person, IReadOnlyList<ClusterSnapshot> snapshots, Computed computed, DateTimeOffset started)
    {
        var ttl = options.Value.OptionsCacheTime;
        if (ttl <= TimeSpan.Zero || !Same(snapshots, Volatile.Read(ref _snapshots)))
            return;
        if (_entries.Count >= PruneAbove)
        {
            var now = time.GetUtcNow();
            foreach (var (key, old) in _entries)
            {
                if (old.Until <= now)
                    _entries.TryRemove(key, out _);
            }
        }
        _entries[person] = new Entry(snapshots, computed.Inputs, computed.Body, started + ttl / 2, started + ttl);
    }

    /// <summary>A background refresh nobody awaits: its failure is logged here (the entry answers until it expires).</summary>
    private void Observe(Task<SessionOptionsBody> refresh) =>
        _ = refresh.ContinueWith(t => LogRefreshFailed(logger, t.Exception!.GetBaseException()),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static bool Same(IReadOnlyList<ClusterSnapshot> a, IReadOnlyList<ClusterSnapshot> b)
    {
        if (a.Count != b.Count)
            return false;
        for (var i = 0; i < a.Count; i++)
        {
            if (!ReferenceEquals(a[i], b[i]))
                return false;
        }
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing session options in the background failed; the kept answer stays until it expires")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    private sealed record Entry(IReadOnlyList<ClusterSnapshot> Snapshots, SessionOptionsInputs Inputs, SessionOptionsBody Body, DateTimeOffset RefreshFrom, DateTimeOffset Until);

    private sealed record Computed(SessionOptionsInputs Inputs, SessionOptionsBody Body);

    private sealed record Flight(IReadOnlyList<ClusterSnapshot> Snapshots, Lazy<Task<SessionOptionsBody>> Body);
}
