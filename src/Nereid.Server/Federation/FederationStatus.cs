using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Clusters;

namespace Nereid.Server.Federation;

/// <summary>One federated namespace's condition on one cluster, computed by a pass from what it observed.</summary>
/// <param name="Condition">Ready or Degraded.</param>
/// <param name="Reason">A CamelCase reason, e.g. <c>TargetUnreachable</c>.</param>
/// <param name="Message">What a person reads: which cluster is behind and why.</param>
/// <param name="ObservedAt">When a pass first observed the condition as it stands.</param>
internal sealed record FederationCondition(string Condition, string Reason, string Message, DateTimeOffset ObservedAt);

/// <summary>
/// The federation conditions in the database (<c>federation_cluster_status</c>), so that every replica serves what the
/// leader of each cluster observed. The leader stores a pass's conditions by comparing them with the stored rows and
/// writing only the differences: a resync that finds everything as before writes no row.
/// </summary>
internal sealed class FederationStatus(IServiceScopeFactory scopes)
{
    /// <summary>The namespace of a row that speaks for the whole cluster.</summary>
    internal const string WholeCluster = "";

    private long _rowWrites;

    /// <summary>Rows inserted, updated or deleted so far by this replica (what the database reported).</summary>
    public long RowWrites => Interlocked.Read(ref _rowWrites);

    /// <summary>
    /// Stores the conditions a pass computed for the federated namespaces of <paramref name="cluster"/>: changed ones
    /// are rewritten, new ones added, those of namespaces no longer federated there removed.
    /// </summary>
    public async Task StoreAsync(string cluster, IReadOnlyDictionary<string, FederationCondition> conditions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var rows = await db.Set<FederationClusterStatus>().Where(s => s.Cluster == cluster && s.Namespace != WholeCluster)
            .ToDictionaryAsync(s => s.Namespace, StringComparer.Ordinal, ct);
        foreach (var (ns, c) in conditions)
        {
            Put(db, rows.GetValueOrDefault(ns), cluster, ns, c);
        }
        db.RemoveRange(rows.Values.Where(r => !conditions.ContainsKey(r.Namespace)));
        await SaveAsync(db, ct);
    }

    /// <summary>Stores (or, with null, removes) the condition of the whole <paramref name="cluster"/>: Admiralty not installed.</summary>
    public async Task StoreClusterAsync(string cluster, FederationCondition? condition, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var row = await db.Set<FederationClusterStatus>().FirstOrDefaultAsync(s => s.Cluster == cluster && s.Namespace == WholeCluster, ct);
        if (condition is null)
        {
            if (row is not null)
            {
                db.Remove(row);
            }
        }
        else
        {
            Put(db, row, cluster, WholeCluster, condition);
        }
        await SaveAsync(db, ct);
    }

    /// <summary>What every cluster reports for <paramref name="ns"/>, the whole-cluster conditions included.</summary>
    public static async Task<StoredFederationConditions> ReadAsync(NereidDbContext db, string ns, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Set<FederationClusterStatus>().AsNoTracking()
            .Where(s => s.Namespace == ns || s.Namespace == WholeCluster).ToListAsync(ct);
        return new StoredFederationConditions(rows);
    }

    private static void Put(NereidDbContext db, FederationClusterStatus? row, string cluster, string ns, FederationCondition c)
    {
        var at = c.ObservedAt.UtcDateTime;
        if (row is null)
        {
            db.Add(FederationClusterStatus.Observed(cluster, ns, c.Condition, c.Reason, c.Message, at));
        }
        else
        {
            row.Observe(c.Condition, c.Reason, c.Message, at);
        }
    }

    private async Task SaveAsync(NereidDbContext db, CancellationToken ct)
    {
        if (db.ChangeTracker.HasChanges())
        {
            Interlocked.Add(ref _rowWrites, await db.SaveChangesAsync(ct));
        }
    }
}

/// <summary>The stored federation conditions of one namespace, by cluster.</summary>
internal sealed class StoredFederationConditions(IReadOnlyList<FederationClusterStatus> rows)
{
    /// <summary>The condition <paramref name="cluster"/> reports: the whole cluster's when it has one, else the namespace's; null when none.</summary>
    public FederationCondition? For(string cluster)
    {
        var row = rows.FirstOrDefault(r => r.Cluster == cluster && r.Namespace == FederationStatus.WholeCluster)
                  ?? rows.FirstOrDefault(r => r.Cluster == cluster && r.Namespace != FederationStatus.WholeCluster);
        return row is null ? null : new FederationCondition(row.Condition, row.Reason, row.Message, new DateTimeOffset(row.Since, TimeSpan.Zero));
    }
}
