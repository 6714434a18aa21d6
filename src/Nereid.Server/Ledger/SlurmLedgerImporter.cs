using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Usage;
using Nereid.Server.Slurm;

namespace Nereid.Server.Ledger;

/// <summary>
/// Imports one Slurm cluster's finished jobs into the usage ledger, incrementally: each pass reads the window from its
/// stored cursor (moved back by <paramref name="overlap"/>, so jobs slurmdbd learns of late are still seen) to now, adds
/// the jobs whose source key the ledger does not hold yet, and moves the cursor, all in one unit of work. Run by one
/// importer at a time (the Slurm projection's leader); the unique source key makes a repeated window harmless.
/// </summary>
internal sealed class SlurmLedgerImporter(NereidDbContext db, SlurmRestClient client, SlurmClusterOptions cluster, TimeProvider time,
    TimeSpan overlap, TimeSpan firstLookback)
{
    /// <summary>Records added by this pass.</summary>
    public async Task<int> ImportAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var source = "slurm/" + cluster.Name;
        var cursor = await db.Set<LedgerCursor>().SingleOrDefaultAsync(c => c.Source == source, ct);
        if (cursor is null)
        {
            cursor = LedgerCursor.Start(source, now - firstLookback);
            db.Add(cursor);
        }

        var jobs = await client.GetJobsAsync(cursor.Position - overlap, now, ct);
        var usages = jobs.Select(j => SlurmJobUsage.Read(cluster.ClusterName, j!)).OfType<SlurmJobUsage>()
            .Where(u => u.Account.Length > 0).DistinctBy(u => u.SourceKey).ToList();
        var keys = usages.Select(u => u.SourceKey).ToList();
        var known = (await db.Set<LedgerRecord>().Where(r => keys.Contains(r.SourceKey)).Select(r => r.SourceKey).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var fresh = usages.Where(u => !known.Contains(u.SourceKey)).ToList();
        var accounts = fresh.Select(u => u.Account).Distinct().ToList();
        var institutions = await db.Namespaces.AsNoTracking().Where(n => accounts.Contains(n.Name))
            .ToDictionaryAsync(n => n.Name, n => n.Institution, StringComparer.Ordinal, ct);
        foreach (var u in fresh)
        {
            db.Add(LedgerRecord.Create(u.SourceKey, LedgerEngine.Slurm, u.Account, u.User, institutions.GetValueOrDefault(u.Account, ""),
                u.GpuType, u.Ended, u.CpuHours, u.GpuHours, u.MemoryGibHours));
        }
        cursor.MoveTo(now);
        await db.SaveChangesAsync(ct);
        return fresh.Count;
    }
}
