using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Usage;

namespace Nereid.Server.Ledger;

/// <summary>
/// Copies the Kubernetes usage sampler's rows (<see cref="UsageSample"/>: what a namespace requested on one cluster in one
/// bucket) into the usage ledger, one record per sample: CPU-hours, GPU-hours per GPU type and memory GiB-hours, on the
/// bucket's UTC day, engine <c>kubernetes</c>, no person. Incremental like the Slurm import: from the stored cursor (the
/// last bucket copied) moved back by <paramref name="overlap"/>, so a bucket another replica wrote late is still seen; the
/// source key names the sample row, so a repeated window or a restart never counts a bucket twice.
/// </summary>
internal sealed class KubernetesLedgerImporter(NereidDbContext db, TimeSpan overlap)
{
    /// <summary>The cursor's name.</summary>
    public const string Source = "kubernetes/samples";

    /// <summary>The ledger source key of one sample row.</summary>
    public static string SourceKeyOf(UsageSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return "kubernetes/" + sample.Id.ToString("N");
    }

    /// <summary>Records added by this pass.</summary>
    public async Task<int> ImportAsync(CancellationToken ct)
    {
        var cursor = await db.Set<LedgerCursor>().SingleOrDefaultAsync(c => c.Source == Source, ct);
        if (cursor is null)
        {
            cursor = LedgerCursor.Start(Source, DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc));
            db.Add(cursor);
        }
        var from = cursor.Position == DateTime.MinValue ? cursor.Position : cursor.Position - overlap;
        var samples = await db.Set<UsageSample>().AsNoTracking().Where(s => s.BucketStart >= from).ToListAsync(ct);
        var keys = samples.Select(SourceKeyOf).ToList();
        var known = (await db.Set<LedgerRecord>().Where(r => r.Engine == LedgerEngine.Kubernetes && keys.Contains(r.SourceKey))
            .Select(r => r.SourceKey).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var s in samples.Where(s => !known.Contains(SourceKeyOf(s))))
        {
            db.Add(LedgerRecord.Create(SourceKeyOf(s), LedgerEngine.Kubernetes, s.Namespace, "", s.Institution, s.GpuType, s.BucketStart,
                s.CpuCoreHours, s.GpuHours, s.MemoryGiBHours));
            added++;
        }
        if (samples.Count > 0)
            cursor.MoveTo(DateTime.SpecifyKind(samples.Max(s => s.BucketStart), DateTimeKind.Utc));
        await db.SaveChangesAsync(ct);
        return added;
    }
}
