using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Slurm;

namespace Nereid.Server.Slurm;

/// <summary>
/// Writes each Slurm cluster's status row (table <c>slurm_cluster_status</c>): the projection leader after every pass, the
/// ledger leader after every import of the cluster's jobs. The two may create the row at the same moment; the loser reads
/// it again and retries once.
/// </summary>
internal sealed class SlurmStatusStore(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>Stores one pass's facts and the conditions computed from them.</summary>
    public Task RecordPassAsync(string cluster, SlurmPassFacts facts, CancellationToken ct) =>
        UpdateAsync(cluster, (row, now) => row.RecordPass(facts, SlurmClusterConditions.Compute(facts, row.Conditions, now), now), ct);

    /// <summary>Stores how the ledger's import of the cluster's jobs ended (<paramref name="error"/> null when it succeeded).</summary>
    public Task RecordImportAsync(string cluster, string? error, CancellationToken ct) =>
        UpdateAsync(cluster, (row, now) => row.RecordImport(error, now), ct);

    private async Task UpdateAsync(string cluster, Action<SlurmClusterStatus, DateTime> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
            var row = await db.Set<SlurmClusterStatus>().SingleOrDefaultAsync(s => s.Cluster == cluster, ct);
            if (row is null)
            {
                row = SlurmClusterStatus.Start(cluster);
                db.Add(row);
            }
            change(row, time.GetUtcNow().UtcDateTime);
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException) when (attempt == 1)
            {
                // The other leader inserted the row first: read it and apply the change to it.
            }
        }
    }
}
