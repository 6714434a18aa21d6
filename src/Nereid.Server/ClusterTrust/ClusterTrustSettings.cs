using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Clusters;
using Nereid.Domain.Errors;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using Nereid.Server.Clusters;

namespace Nereid.Server.ClusterTrust;

/// <summary>Whether a cluster trusts Nereid's issuer, as the API shows it; version 0 while never set.</summary>
internal sealed record ClusterTrustView(string Cluster, bool TrustsNereid, int Version)
{
    public static ClusterTrustView Of(ClusterTrustSetting s) => new(s.Cluster, s.TrustsNereid, s.Version);
}

/// <summary>The body of <c>PUT /api/v1/clusters/{name}/trust</c>.</summary>
internal sealed record ClusterTrustInput(bool? TrustsNereid);

/// <summary>
/// The per-cluster "trusts Nereid's issuer" setting: read by everyone signed in, set by platform admins with If-Match,
/// audited in the same unit of work. The reconciler notices the change through the row's version.
/// </summary>
internal sealed class ClusterTrustSettings(NereidDbContext db, AuditLog audit, TimeProvider time, IClusterConnections clusters)
{
    /// <summary>The setting of a connected cluster; <see cref="NotFoundException"/> for another name.</summary>
    public async Task<ClusterTrustView> GetAsync(string cluster, CancellationToken ct)
    {
        RequireCluster(cluster);
        var row = await db.ClusterTrustSettings.AsNoTracking().FirstOrDefaultAsync(t => t.Cluster == cluster, ct);
        return row is null ? new ClusterTrustView(cluster, false, 0) : ClusterTrustView.Of(row);
    }

    /// <summary>Names of the connected clusters that trust Nereid's issuer.</summary>
    public async Task<IReadOnlySet<string>> TrustingAsync(CancellationToken ct)
    {
        var names = await db.ClusterTrustSettings.AsNoTracking().Where(t => t.TrustsNereid).Select(t => t.Cluster).ToListAsync(ct);
        return names.Where(n => clusters.Find(n) is not null).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Sets the cluster's trust; platform admins only. Refused with <see cref="PreconditionFailedException"/> when
    /// <paramref name="expectedVersion"/> (If-Match) is not the stored version (0 while never set).
    /// </summary>
    public async Task<ClusterTrustView> SetAsync(Actor actor, string cluster, ClusterTrustInput input, int? expectedVersion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        if (!actor.IsPlatformAdmin)
            throw new ForbiddenException("Only platform admins may say whether a cluster trusts Nereid's issuer.");
        RequireCluster(cluster);
        if (input.TrustsNereid is not { } trusts)
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["trustsNereid"] = ["Say true or false."] });
        var row = await db.ClusterTrustSettings.FirstOrDefaultAsync(t => t.Cluster == cluster, ct);
        var stored = row?.Version ?? 0;
        if (expectedVersion is { } v && v != stored)
            throw new PreconditionFailedException($"The trust setting of cluster '{cluster}' was changed by someone else (version {stored}, you had {v}); reload and try again.");
        var before = row is null ? null : ClusterTrustView.Of(row);
        var now = time.GetUtcNow().UtcDateTime;
        if (row is null)
        {
            row = ClusterTrustSetting.Create(cluster, trusts, now);
            db.ClusterTrustSettings.Add(row);
        }
        else
        {
            row.Set(trusts, now);
        }
        var after = ClusterTrustView.Of(row);
        audit.Record(actor, "cluster.trust", "cluster", cluster, null, before, after);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two admins at once: the concurrency token or the primary key keeps one.
            throw new PreconditionFailedException($"The trust setting of cluster '{cluster}' was changed by someone else at the same time; reload and try again.");
        }
        return after;
    }

    private void RequireCluster(string cluster)
    {
        if (clusters.Find(cluster) is null)
            throw new NotFoundException($"No cluster named '{cluster}' is connected.");
    }
}
