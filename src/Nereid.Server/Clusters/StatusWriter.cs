using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Data.Clusters;
using Nereid.Domain.Clusters;

namespace Nereid.Server.Clusters;

/// <summary>A status a pass wants stored; <see cref="Remove"/> deletes the row instead.</summary>
internal sealed record StatusUpdate(string Cluster, string Namespace, IReadOnlyList<NamespaceCondition> Conditions,
    DateTime At, int ObservedVersion, bool Remove = false);

/// <summary>
/// Collects status updates from reconcile passes and stores them in batches (one transaction per flush), so thousands
/// of passes do not queue on the database one row at a time. Only the newest update per (cluster, namespace) is kept.
/// It remembers the conditions it was last given, so the next pass can keep their lastTransitionTime; after a restart
/// the stored row supplies them instead.
/// </summary>
internal sealed class StatusWriter(IServiceScopeFactory scopes) : IStatusSink
{
    private readonly ConcurrentDictionary<(string, string), StatusUpdate> _pending = new();
    private readonly ConcurrentDictionary<(string, string), IReadOnlyList<NamespaceCondition>> _last = new();
    private readonly SemaphoreSlim _flushLock = new(1, 1);

    /// <summary>Number of updates waiting for the next flush.</summary>
    public int Pending => _pending.Count;

    /// <summary>Queues an update (replacing an older one for the same key).</summary>
    public void Enqueue(StatusUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        _pending[(update.Cluster, update.Namespace)] = update;
        if (update.Remove)
        {
            _last.TryRemove((update.Cluster, update.Namespace), out _);
        }
        else
        {
            _last[(update.Cluster, update.Namespace)] = update.Conditions;
        }
    }

    IReadOnlyList<NamespaceCondition> IStatusSink.Last(string cluster, NamespaceKey key) =>
        _last.TryGetValue((cluster, key.Name), out var conditions) ? conditions : [];

    /// <summary>Stores everything queued so far.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushLock.WaitAsync(cancellationToken);
        try
        {
            var batch = new List<StatusUpdate>();
            foreach (var key in _pending.Keys)
            {
                if (_pending.TryRemove(key, out var u))
                {
                    batch.Add(u);
                }
            }
            foreach (var chunk in batch.GroupBy(u => u.Cluster).SelectMany(g => g.Chunk(500)))
            {
                await StoreAsync(chunk, cancellationToken);
            }
        }
        finally
        {
            _flushLock.Release();
        }
    }

    private async Task StoreAsync(StatusUpdate[] chunk, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var cluster = chunk[0].Cluster;
        var names = chunk.Select(u => u.Namespace).ToList();
        // One array parameter, not EF 10's default of one parameter per name: chunk sizes vary from flush to flush, and
        // each new count was a new SQL text for EF to translate and compile in the middle of a cold pass.
        var stored = await db.Set<NamespaceClusterStatus>().AsNoTracking()
            .Where(s => s.Cluster == cluster && EF.Parameter(names).Contains(s.Namespace))
            .Select(s => new { s.Namespace, s.Conditions })
            .ToDictionaryAsync(s => s.Namespace, s => s.Conditions, StringComparer.Ordinal, cancellationToken);
        var removed = chunk.Where(u => u.Remove && stored.ContainsKey(u.Namespace)).Select(u => u.Namespace).ToList();
        var rows = new List<NamespaceClusterStatus>(chunk.Length);
        foreach (var u in chunk.Where(u => !u.Remove))
        {
            // A pass after a restart had no conditions in memory; the stored ones still hold the transition times.
            var conditions = NamespaceConditions.KeepTransitionTimes(stored.GetValueOrDefault(u.Namespace) ?? [], u.Conditions);
            var (condition, reason, message) = NamespaceConditions.Summarize(conditions);
            rows.Add(new NamespaceClusterStatus
            {
                Cluster = u.Cluster,
                Namespace = u.Namespace,
                Conditions = [.. conditions],
                Condition = condition,
                Reason = reason,
                Message = message.Length > 2000 ? message[..2000] : message,
                LastSyncedAt = u.At,
                ObservedVersion = u.ObservedVersion,
                UpdatedAt = u.At,
            });
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (removed.Count > 0)
        {
            await db.Set<NamespaceClusterStatus>().Where(s => s.Cluster == cluster && EF.Parameter(removed).Contains(s.Namespace))
                .ExecuteDeleteAsync(cancellationToken);
        }
        // One statement per batch instead of a tracked entity and a statement per row (see NamespaceStatusUpsert).
        await db.UpsertNamespaceStatusAsync(rows, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
