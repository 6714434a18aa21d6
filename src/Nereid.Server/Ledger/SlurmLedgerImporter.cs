using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Usage;
using Nereid.Server.Slurm;

namespace Nereid.Server.Ledger;

/// <summary>
/// Imports one Slurm cluster's finished jobs into the usage ledger, incrementally: each pass reads the window from its
/// stored cursor (moved back by <paramref name="overlap"/>, so jobs slurmdbd learns of late are still seen) to now, in
/// consecutive slices of at most <paramref name="slice"/>. Each slice is one request to slurmrestd and one unit of work
/// (the jobs whose source key the ledger does not hold yet, and the cursor moved to the slice's end), so memory stays
/// bounded by one slice and an interrupted pass resumes where it stopped. Run by one importer at a time (the ledger
/// lease's holder); the unique source key makes a repeated window, or a job seen in two slices, harmless.
/// </summary>
internal sealed class SlurmLedgerImporter(NereidDbContext db, SlurmRestClient client, SlurmClusterOptions cluster, TimeProvider time,
    TimeSpan overlap, TimeSpan firstLookback, TimeSpan slice)
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

        var added = 0;
        var from = cursor.Position - overlap;
        while (from < now)
        {
            var to = from + slice < now ? from + slice : now;
            added += await ImportSliceAsync(cursor, from, to, ct);
            from = to;
        }
        return added;
    }

    private async Task<int> ImportSliceAsync(LedgerCursor cursor, DateTime from, DateTime to, CancellationToken ct)
    {
        var jobs = await client.GetJobsAsync(from, to, ct);
        var usages = jobs.Select(j => SlurmJobUsage.Read(cluster.ClusterName, j!)).OfType<SlurmJobUsage>()
            .Where(u => u.Account.Length > 0).DistinctBy(u => u.SourceKey).ToList();
        var fresh = new List<SlurmJobUsage>(usages.Count);
        // Bounded IN lists: a slice can hold many thousand jobs, more than some providers take as parameters at once.
        foreach (var chunk in usages.Chunk(500))
        {
            var keys = chunk.Select(u => u.SourceKey).ToList();
            var known = (await db.Set<LedgerRecord>().Where(r => keys.Contains(r.SourceKey)).Select(r => r.SourceKey).ToListAsync(ct))
                .ToHashSet(StringComparer.Ordinal);
            fresh.AddRange(chunk.Where(u => !known.Contains(u.SourceKey)));
        }

        var accounts = fresh.Select(u => u.Account).Distinct().ToList();
        var institutions = await db.Namespaces.AsNoTracking().Where(n => accounts.Contains(n.Name))
            .ToDictionaryAsync(n => n.Name, n => n.Institution, StringComparer.Ordinal, ct);
        foreach (var u in fresh)
        {
            db.Add(LedgerRecord.Create(u.SourceKey, LedgerEngine.Slurm, u.Account, u.User, institutions.GetValueOrDefault(u.Account, ""),
                u.GpuType, u.Ended, u.CpuHours, u.GpuHours, u.MemoryGibHours));
        }

        cursor.MoveTo(to);
        await db.SaveChangesAsync(ct);
        // Forget the slice's records so the context holds one slice at a time; keep tracking the cursor.
        foreach (var entry in db.ChangeTracker.Entries<LedgerRecord>().ToList())
            entry.State = EntityState.Detached;
        return fresh.Count;
    }
}
