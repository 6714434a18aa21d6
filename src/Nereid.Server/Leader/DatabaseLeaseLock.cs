using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Data.Leases;
using Nereid.Kubernetes.Leader;

namespace Nereid.Server.Leader;

/// <summary>
/// A lease in the <c>leader_leases</c> table, for leaders whose work needs the database but no particular cluster:
/// policy scans span every cluster, so their lease must not live in one that may be down. Every write is one
/// <c>UPDATE … WHERE Version = observed</c>, a compare-and-swap on SQLite and PostgreSQL alike.
/// </summary>
internal sealed class DatabaseLeaseLock(IServiceScopeFactory scopes, string name) : ILeaseLock
{
    /// <inheritdoc />
    public string Description => $"database:{name}";

    /// <inheritdoc />
    public async Task<LeaseRecord?> GetAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var row = await Db(scope).Set<LeaderLeaseRow>().AsNoTracking().SingleOrDefaultAsync(l => l.Name == name, cancellationToken);
        return row is null ? null : RecordOf(row);
    }

    /// <inheritdoc />
    public async Task<LeaseRecord?> TryCreateAsync(LeaseRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        var row = new LeaderLeaseRow
        {
            Name = name, Holder = record.Holder, DurationSeconds = record.DurationSeconds, AcquireTime = record.AcquireTime?.UtcDateTime,
            RenewTime = record.RenewTime?.UtcDateTime, Transitions = record.Transitions, Version = 1,
        };
        db.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return RecordOf(row);
        }
        catch (DbUpdateException)
        {
            // Another replica inserted the row first (primary key violation); any other failure is the caller's to retry.
            if (await ExistsAsync(cancellationToken))
            {
                return null;
            }
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<LeaseRecord?> TryUpdateAsync(LeaseRecord observed, LeaseRecord next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(next);
        if (!long.TryParse(observed.Version, System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            return null;
        }
        await using var scope = scopes.CreateAsyncScope();
        var (acquire, renew) = (next.AcquireTime?.UtcDateTime, next.RenewTime?.UtcDateTime);
        var updated = await Db(scope).Set<LeaderLeaseRow>()
            .Where(l => l.Name == name && l.Version == version)
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.Holder, next.Holder)
                .SetProperty(l => l.DurationSeconds, next.DurationSeconds)
                .SetProperty(l => l.AcquireTime, acquire)
                .SetProperty(l => l.RenewTime, renew)
                .SetProperty(l => l.Transitions, next.Transitions)
                .SetProperty(l => l.Version, version + 1), cancellationToken);
        return updated == 1 ? next with { Version = (version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) } : null;
    }

    private async Task<bool> ExistsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await Db(scope).Set<LeaderLeaseRow>().AnyAsync(l => l.Name == name, cancellationToken);
    }

    private static NereidDbContext Db(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<NereidDbContext>();

    private static LeaseRecord RecordOf(LeaderLeaseRow row) => new(row.Holder, row.DurationSeconds,
        row.AcquireTime is { } a ? new DateTimeOffset(DateTime.SpecifyKind(a, DateTimeKind.Utc)) : null,
        row.RenewTime is { } r ? new DateTimeOffset(DateTime.SpecifyKind(r, DateTimeKind.Utc)) : null,
        row.Transitions, row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
