using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using Nereid.Server.Clusters;
using Nereid.Server.Namespaces;

namespace Nereid.Server.NamespaceQuotas;

/// <summary>A namespace's ResourceQuota: the defaults (tier defaults with configured overrides), the stored overrides and the result.</summary>
/// <param name="Namespace">The namespace name.</param>
/// <param name="Version">The namespace version (the ETag to send back in If-Match).</param>
/// <param name="Defaults">What the namespace gets without stored overrides.</param>
/// <param name="Overrides">What platform admins stored for this namespace.</param>
/// <param name="Effective">What the reconciler applies to the cluster's ResourceQuota.</param>
internal sealed record NamespaceQuotaView(string Namespace, int Version, IReadOnlyDictionary<string, string> Defaults,
    IReadOnlyDictionary<string, string> Overrides, IReadOnlyDictionary<string, string> Effective);

/// <summary>The whole set of stored overrides (resource → quantity); a resource left out falls back to its default.</summary>
/// <param name="AllowUnknown">Confirms extended resources (<c>requests.&lt;domain&gt;/&lt;name&gt;</c>) no node advertises yet; other unknown keys are refused regardless.</param>
internal sealed record NamespaceQuotaInput(Dictionary<string, string?>? Overrides, bool? AllowUnknown = null);

/// <summary>Reads (members, admins, platform admins) and replaces (platform admins) a namespace's stored quota overrides.</summary>
internal sealed class NamespaceQuotaService(NereidDbContext db, AuditLog audit, TimeProvider time, IOptions<ProjectionOptions> projection,
    ReconcilerOptions reconciler, NamespaceListCache cache, KnownQuotaKeys knownKeys)
{
    /// <summary>The quota of <paramref name="name"/>; 404 when it does not exist, 403 for people outside it.</summary>
    public async Task<NamespaceQuotaView> GetAsync(Actor actor, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var ns = await FindAsync(name, tracked: false, ct);
        if (!actor.IsPlatformAdmin && !await db.IsEffectiveMemberAsync(actor, ns.Id, ct))
            throw new ForbiddenException($"Only members of namespace '{name}' and platform admins may see its quota.");
        return await ViewAsync(ns, ct);
    }

    /// <summary>
    /// Replaces the stored overrides of <paramref name="name"/> as one change (validated first, so nothing is half-saved),
    /// audited, refused when <paramref name="expectedVersion"/> (If-Match) is stale. Platform admins only.
    /// </summary>
    public async Task<NamespaceQuotaView> SetAsync(Actor actor, string name, NamespaceQuotaInput input, int? expectedVersion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var ns = await FindAsync(name, tracked: true, ct);
        if (!actor.IsPlatformAdmin)
            throw new ForbiddenException("Only platform admins may change a namespace's quota.");
        var wanted = Validate(input);
        NamespaceSettings.CheckVersion(ns, expectedVersion);

        var rows = await db.Set<NamespaceQuotaOverride>().Where(q => q.NamespaceId == ns.Id).ToListAsync(ct);
        var before = rows.ToDictionary(r => r.Resource, r => r.Quantity, StringComparer.Ordinal);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var row in rows.Where(r => !wanted.ContainsKey(r.Resource)))
            db.Remove(row);
        foreach (var (resource, quantity) in wanted)
        {
            if (rows.FirstOrDefault(r => r.Resource == resource) is { } row)
            {
                if (row.Quantity == quantity)
                    continue;
                row.Quantity = quantity;
                row.SetAt = now;
                row.SetById = actor.PersonId;
            }
            else
            {
                db.Add(new NamespaceQuotaOverride { NamespaceId = ns.Id, Resource = resource, Quantity = quantity, SetAt = now, SetById = actor.PersonId });
            }
        }
        // The namespace's version moves: the ETag changes and the reconciler's poll sees the new quota.
        ns.QuotaChanged(now);
        audit.Record(actor, "namespace.quota", "namespace", name, name, new { overrides = before }, new { overrides = wanted });
        await NamespaceSettings.SaveAsync(db, cache, ct);
        return await ViewAsync(ns, ct);
    }

    private SortedDictionary<string, string> Validate(NamespaceQuotaInput input)
    {
        if (input.Overrides is null)
            throw ValidationFailedException.For("overrides", "Send the overrides as an object of resource → quantity ({} removes every override).");
        if (input.Overrides.Count > NamespaceQuotaOverride.MaxPerNamespace)
            throw ValidationFailedException.For("overrides", $"A namespace has at most {NamespaceQuotaOverride.MaxPerNamespace} quota overrides.");
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var wanted = QuotaPairs.Canonicalize(input.Overrides, "overrides", errors);
        var known = knownKeys.All();
        foreach (var key in wanted.Keys)
        {
            if (knownKeys.Check(key, input.AllowUnknown == true, known) is { } unknown)
                errors[$"overrides[{key}]"] = [unknown];
        }
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        return wanted;
    }

    private async Task<NamespaceQuotaView> ViewAsync(NereidNamespace ns, CancellationToken ct)
    {
        var stored = await db.Set<NamespaceQuotaOverride>().AsNoTracking().Where(q => q.NamespaceId == ns.Id)
            .ToDictionaryAsync(q => q.Resource, q => q.Quantity, StringComparer.Ordinal, ct);
        var configured = reconciler.QuotaOverrides.GetValueOrDefault(ns.Name);
        var defaults = QuotaValues.Merge(projection.Value.QuotaDefaults, configured, null);
        return new NamespaceQuotaView(ns.Name, ns.Version, defaults, new SortedDictionary<string, string>(stored, StringComparer.Ordinal),
            QuotaValues.Merge(defaults, null, stored));
    }

    private async Task<NereidNamespace> FindAsync(string name, bool tracked, CancellationToken ct)
    {
        var query = tracked ? db.Set<NereidNamespace>() : db.Set<NereidNamespace>().AsNoTracking();
        return await query.FirstOrDefaultAsync(n => n.Name == name, ct)
            ?? throw new NotFoundException($"Namespace '{name}' does not exist.");
    }
}
