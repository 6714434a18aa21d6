using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Slurm;

namespace Nereid.Server.Slurm;

/// <summary>Whether a namespace's Slurm account and its members' associations match the database on one Slurm cluster.</summary>
internal static class SlurmSyncStates
{
    /// <summary>The last pass found the account and every association as wanted.</summary>
    public const string InSync = "InSync";

    /// <summary>The last pass wrote changes (the next checks them) or a former member's association waits for its grace period.</summary>
    public const string Pending = "Pending";

    /// <summary>The last pass failed to write this namespace's changes, or could not read Slurm.</summary>
    public const string Failed = "Failed";

    /// <summary>No pass has covered the namespace yet.</summary>
    public const string NotYetProjected = "NotYetProjected";
}

/// <summary>One Slurm cluster a namespace is placed on, as the namespace page and CLI show it.</summary>
/// <param name="Cluster">Nereid's name for the Slurm cluster.</param>
/// <param name="ClusterName">Slurm's ClusterName.</param>
/// <param name="State">One of <see cref="SlurmSyncStates"/>.</param>
/// <param name="Message">What the state means for this namespace, in words.</param>
/// <param name="CheckedAt">When the last pass over the cluster ran (UTC); null before the first.</param>
/// <param name="InSyncAt">When a pass last completed without error (UTC).</param>
/// <param name="Stale">
/// True when the stored state is older than three resync intervals or slurmrestd stopped answering: the page says it is the last
/// known state.
/// </param>
internal sealed record SlurmNamespaceClusterView(string Cluster, string ClusterName, string State, string Message, DateTime? CheckedAt,
    DateTime? InSyncAt, bool Stale);

/// <summary>
/// Reads, for one namespace, the stored status of each Slurm cluster it is placed on (what the projection leader's last pass
/// recorded; no request to Slurm): in sync, pending, failed or not yet projected, with when it was checked.
/// </summary>
internal sealed class SlurmNamespaceStatus(NereidDbContext db, SlurmClusters clusters, IOptions<SlurmOptions> options, TimeProvider time)
{
    /// <summary>The namespace <paramref name="namespaceName"/>'s entries (<see cref="ForAsync"/>); 404 for an unknown namespace.</summary>
    public async Task<IReadOnlyList<SlurmNamespaceClusterView>> GetAsync(string namespaceName, CancellationToken ct)
    {
        var createdAt = await db.Namespaces.AsNoTracking().Where(n => n.Name == namespaceName).Select(n => (DateTime?)n.CreatedAt).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"No namespace is called '{namespaceName}'.");
        return await ForAsync(namespaceName, createdAt, ct);
    }

    /// <summary>One entry per Slurm cluster <paramref name="namespaceName"/> is placed on, in configuration order; empty when none.</summary>
    public async Task<IReadOnlyList<SlurmNamespaceClusterView>> ForAsync(string namespaceName, DateTime namespaceCreatedAt, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(namespaceName);
        var placed = clusters.PlacementOf(namespaceName);
        if (placed.Count == 0)
            return [];
        var names = placed.Select(c => c.Name).ToList();
        var rows = await db.Set<SlurmClusterStatus>().AsNoTracking().Where(s => names.Contains(s.Cluster))
            .ToDictionaryAsync(s => s.Cluster, StringComparer.Ordinal, ct);
        var now = time.GetUtcNow().UtcDateTime;
        return [.. placed.Select(c => View(c, rows.GetValueOrDefault(c.Name), namespaceName, namespaceCreatedAt, now))];
    }

    private SlurmNamespaceClusterView View(SlurmClusterOptions cluster, SlurmClusterStatus? row, string ns, DateTime createdAt, DateTime now)
    {
        if (row?.LastPassAt is not { } checkedAt)
            return new(cluster.Name, cluster.ClusterName, SlurmSyncStates.NotYetProjected, "Nereid has not projected namespaces into this Slurm cluster yet.",
                null, null, false);
        var stale = !row.Reachable || now - checkedAt > options.Value.ResyncInterval * 3;
        (string State, string Message) state;
        if (checkedAt < createdAt)
            state = (SlurmSyncStates.NotYetProjected, "The namespace is newer than the last pass; the next pass creates its account.");
        else if (!row.Reachable)
            state = (SlurmSyncStates.Failed, $"slurmrestd is not answering: {row.LastError}");
        else if (row.NamespacesBehind.FirstOrDefault(b => b.Namespace == ns) is { } behind)
            state = Describe(behind, row.LastError);
        else if (row.LastProjectionAt != checkedAt)
            state = (SlurmSyncStates.Failed, $"The last pass could not read Slurm: {row.LastError}");
        else
            state = (SlurmSyncStates.InSync, "The account, its limits and every member's association match the namespace.");
        return new(cluster.Name, cluster.ClusterName, state.State, state.Message, checkedAt, row.LastProjectionAt, stale);
    }

    private static (string, string) Describe(SlurmNamespaceSync behind, string error)
    {
        if (behind.Failed > 0)
            return (SlurmSyncStates.Failed, $"{Changes(behind.Failed)} could not be written: {error}");
        var parts = new List<string>();
        if (behind.Written > 0)
            parts.Add($"{Changes(behind.Written)} written by the last pass; the next pass checks them.");
        if (behind.Removing > 0)
            parts.Add(behind.Removing == 1
                ? "1 former member's association is removed after the grace period."
                : $"{behind.Removing} former members' associations are removed after the grace period.");
        return (SlurmSyncStates.Pending, string.Join(" ", parts));
    }

    private static string Changes(int n) => n == 1 ? "1 change" : $"{n} changes";
}
