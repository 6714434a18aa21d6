using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Namespaces;
using Nereid.Server.Posix;

namespace Nereid.Server.Slurm;

/// <summary>
/// Reads what each Slurm cluster should hold from the database: the active namespaces placed on it, their members' POSIX
/// user names (assigning missing ones first), and their effective quotas (defaults overlaid with the admin's overrides).
/// </summary>
internal sealed class SlurmDesiredState(NereidDbContext db, PosixIdentityService posix, IOptions<ProjectionOptions> projection,
    IOptions<SlurmOptions> slurm)
{
    /// <summary>The namespaces placed on <paramref name="cluster"/>, as Slurm should see them.</summary>
    public async Task<IReadOnlyList<SlurmDesiredNamespace>> LoadAsync(SlurmClusterOptions cluster, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        await posix.EnsureAllAsync(ct);
        var namespaces = (await db.Namespaces.AsNoTracking().Where(n => n.State == NamespaceState.Active)
            .Select(n => new { n.Id, n.Name, n.Institution, n.Description, n.CreatedById }).ToListAsync(ct))
            .Where(n => cluster.Places(n.Name)).ToList();
        var ids = namespaces.Select(n => n.Id).ToList();
        // The creator's tier picks the QOS; a namespace whose creator is gone gets Slurm's default.
        var creatorIds = namespaces.Select(n => n.CreatedById).Distinct().ToList();
        var tiers = await db.People.AsNoTracking().Where(p => creatorIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Tier, ct);
        var members = (await db.EffectiveMemberships().AsNoTracking().Where(m => ids.Contains(m.NamespaceId))
            .Join(db.Set<PosixAccount>(), m => m.PersonId, a => a.PersonId, (m, a) => new { m.NamespaceId, a.UserName, m.Role })
            .ToListAsync(ct)).ToLookup(m => m.NamespaceId);
        var overrides = (await db.Set<NamespaceQuotaOverride>().AsNoTracking().Where(q => ids.Contains(q.NamespaceId)).ToListAsync(ct))
            .ToLookup(q => q.NamespaceId);
        return [.. namespaces.Select(n =>
        {
            var quotas = new Dictionary<string, string>(projection.Value.QuotaDefaults, StringComparer.Ordinal);
            foreach (var q in overrides[n.Id])
                quotas[q.Resource] = q.Quantity;
            return new SlurmDesiredNamespace(n.Name, n.Institution, FirstLine(n.Description),
                [.. members[n.Id].Select(m => (m.UserName, m.Role == MembershipRole.Admin))], SlurmLimits.FromQuotas(quotas),
                tiers.TryGetValue(n.CreatedById, out var tier) ? slurm.Value.QosFor(tier) : []);
        })];
    }

    // Slurm keeps descriptions short and single-line; the namespace page has the full Markdown.
    private static string FirstLine(string description)
    {
        var line = description.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] : line;
    }
}
