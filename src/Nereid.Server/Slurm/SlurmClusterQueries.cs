using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Clusters;
using Nereid.Domain.Errors;
using Nereid.Domain.Slurm;
using Nereid.Server.Auth;

namespace Nereid.Server.Slurm;

/// <summary>A registered Slurm cluster and its stored status, as the API and the admin page show it.</summary>
/// <param name="Name">Nereid's name for the cluster.</param>
/// <param name="ClusterName">Slurm's ClusterName.</param>
/// <param name="RestUrl">slurmrestd's address.</param>
/// <param name="Namespaces">The namespaces placed on it (<c>*</c> for all).</param>
/// <param name="Status">The last pass's status; null before the first pass was stored.</param>
internal sealed record SlurmClusterView(string Name, string ClusterName, string RestUrl, IReadOnlyList<string> Namespaces, SlurmClusterStatusView? Status);

/// <summary>One Slurm cluster's stored status.</summary>
internal sealed record SlurmClusterStatusView(
    bool Reachable, DateTime? UnreachableSince, string LastError, string SlurmVersion, string RestPlugin,
    DateTime? LastPassAt, DateTime? LastProjectionAt, DateTime? LastImportAt, string LastImportError,
    int Accounts, SlurmAssociationCounts Associations,
    IReadOnlyList<SlurmCoordinatorView> StaleCoordinators, IReadOnlyList<SlurmMissingQosView> MissingQos,
    IReadOnlyList<NamespaceCondition> Conditions, DateTime UpdatedAt);

/// <summary>Namespace and member associations by state.</summary>
internal sealed record SlurmAssociationCounts(int InSync, int Pending, int Failed);

/// <summary>A coordinator of <paramref name="Account"/> who no longer administers the namespace.</summary>
internal sealed record SlurmCoordinatorView(string Account, string User);

/// <summary>A QOS <paramref name="Account"/>'s tier maps to that the cluster does not have.</summary>
internal sealed record SlurmMissingQosView(string Account, string Qos);

/// <summary>Reads the registered Slurm clusters with their stored status; platform admins only.</summary>
internal sealed class SlurmClusterQueries(NereidDbContext db, SlurmClusters clusters)
{
    private const string NotAllowed = "Only platform admins may see Slurm clusters.";

    /// <summary>Every registered Slurm cluster in configuration order.</summary>
    public async Task<IReadOnlyList<SlurmClusterView>> ListAsync(Actor actor, CancellationToken ct)
    {
        Require(actor);
        var names = clusters.All.Select(c => c.Name).ToList();
        var rows = await db.Set<SlurmClusterStatus>().AsNoTracking().Where(s => names.Contains(s.Cluster))
            .ToDictionaryAsync(s => s.Cluster, StringComparer.Ordinal, ct);
        return [.. clusters.All.Select(c => View(c, rows.GetValueOrDefault(c.Name)))];
    }

    /// <summary>The registered Slurm cluster <paramref name="name"/>.</summary>
    public async Task<SlurmClusterView> GetAsync(Actor actor, string name, CancellationToken ct)
    {
        Require(actor);
        var cluster = clusters.Find(name) ?? throw new NotFoundException($"No Slurm cluster is registered as '{name}'.");
        var row = await db.Set<SlurmClusterStatus>().AsNoTracking().SingleOrDefaultAsync(s => s.Cluster == cluster.Name, ct);
        return View(cluster, row);
    }

    private static void Require(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsPlatformAdmin)
            throw new ForbiddenException(NotAllowed);
    }

    private static SlurmClusterView View(SlurmClusterOptions c, SlurmClusterStatus? s) =>
        new(c.Name, c.ClusterName, c.RestUrl, c.Namespaces, s is null ? null : new SlurmClusterStatusView(
            s.Reachable, s.UnreachableSince, s.LastError, s.SlurmVersion, s.RestPlugin, s.LastPassAt, s.LastProjectionAt, s.LastImportAt,
            s.LastImportError, s.Accounts, new SlurmAssociationCounts(s.AssociationsInSync, s.AssociationsPending, s.AssociationsFailed),
            [.. s.StaleCoordinators.Select(Split).Select(p => new SlurmCoordinatorView(p.Account, p.Value))],
            [.. s.MissingQos.Select(Split).Select(p => new SlurmMissingQosView(p.Account, p.Value))],
            s.Conditions, s.UpdatedAt));

    // Stored as "account/user" or "account/qos"; account names hold no slash.
    private static (string Account, string Value) Split(string pair)
    {
        var slash = pair.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (pair, "") : (pair[..slash], pair[(slash + 1)..]);
    }
}
