using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Usage;
using Nereid.Kubernetes.Inventory;

namespace Nereid.Server.Resources;

/// <summary>
/// Writes one usage bucket: for each synced cluster and each namespace with running pods, a CPU/memory row and a row per GPU
/// type. Only pods bound to a node count (pending pods hold nothing). A bucket already written (by an earlier pass or another
/// replica) is left alone, so sampling is idempotent per (namespace, cluster, bucket).
/// </summary>
internal sealed class UsageRecorder(IServiceScopeFactory scopes, InventoryService inventory, IOptions<UsageOptions> options, ILogger<UsageRecorder> logger)
{
    /// <summary>Start of the bucket containing <paramref name="time"/>.</summary>
    public DateTime BucketOf(DateTimeOffset time)
    {
        var ticks = options.Value.SampleInterval.Ticks;
        return new DateTime(time.UtcTicks / ticks * ticks, DateTimeKind.Utc);
    }

    /// <summary>Samples every synced cluster for the bucket of <paramref name="now"/>; returns the number of rows written.</summary>
    public async Task<int> SampleAsync(DateTimeOffset now, CancellationToken ct)
    {
        var bucket = BucketOf(now);
        var interval = options.Value.SampleInterval;
        var written = 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var institutions = await db.Namespaces.AsNoTracking().ToDictionaryAsync(n => n.Name, n => n.Institution, StringComparer.Ordinal, ct);
        foreach (var snapshot in inventory.Snapshots.Where(s => s.Synced))
        {
            if (await db.Set<UsageSample>().AnyAsync(s => s.Cluster == snapshot.Cluster && s.BucketStart == bucket, ct))
                continue;
            var rows = Rows(snapshot, institutions, bucket, interval);
            if (rows.Count == 0)
                continue;
            db.Set<UsageSample>().AddRange(rows);
            try
            {
                await db.SaveChangesAsync(ct);
                written += rows.Count;
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                // Another replica won the race for this bucket: its rows stand. Anything else is a real failure.
                if (!await db.Set<UsageSample>().AsNoTracking().AnyAsync(s => s.Cluster == snapshot.Cluster && s.BucketStart == bucket, ct))
                    throw;
                ResourcesLog.AlreadySampled(logger, bucket, snapshot.Cluster);
            }
        }
        ResourcesLog.Sampled(logger, written, bucket);
        return written;
    }

    private static List<UsageSample> Rows(ClusterSnapshot snapshot, Dictionary<string, string> institutions, DateTime bucket, TimeSpan interval)
    {
        var hours = interval.TotalHours;
        var bound = snapshot.Pods.Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName) && p.Metadata.Namespace is not null).ToList();
        var rows = new List<UsageSample>();
        foreach (var ns in bound.Select(p => p.Metadata.Namespace!).Distinct(StringComparer.Ordinal))
        {
            // Only namespaces Nereid manages are accounted; kube-system and friends are not anyone's usage.
            if (!institutions.TryGetValue(ns, out var institution))
                continue;
            var usage = NamespaceUsage.Compute(ns, bound, snapshot.NodesByName);
            if (usage.Pods == 0)
                continue;
            UsageSample Row(string gpuType) => new()
            {
                Namespace = ns, Institution = institution, Cluster = snapshot.Cluster, GpuType = gpuType, BucketStart = bucket,
                IntervalSeconds = (int)interval.TotalSeconds,
            };
            var cpu = (double)usage.CpuCores;
            var main = Row("");
            main.CpuCores = cpu;
            main.MemoryBytes = usage.MemoryBytes;
            main.CpuCoreHours = cpu * hours;
            main.MemoryGiBHours = usage.MemoryBytes / (double)(1L << 30) * hours;
            rows.Add(main);
            var gpus = usage.GpusByType.Concat(usage.Extended.Where(e => ResourceNames.Classify(e.Key) is ExtendedKind.SpecialGpu or ExtendedKind.Mig));
            foreach (var (type, count) in gpus.Where(g => g.Value > 0))
            {
                var row = Row(type.Length > UsageSample.MaxGpuTypeLength ? type[..UsageSample.MaxGpuTypeLength] : type);
                row.Gpus = count;
                row.GpuHours = count * hours;
                rows.Add(row);
            }
        }
        return rows;
    }
}
