using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Storage;
using Nereid.Kubernetes.Quantities;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Storage.S3;

/// <summary>One set of object store user limits; a null field is unset (the default applies, or, in effective limits, no limit).</summary>
/// <param name="MaxSize">Bytes across the user's buckets, as a quantity (e.g. 500Gi).</param>
/// <param name="MaxBuckets">Buckets the user may own.</param>
/// <param name="MaxObjects">Objects across the user's buckets (0: no limit).</param>
internal sealed record S3QuotaValues(string? MaxSize, int? MaxBuckets, long? MaxObjects);

/// <summary>A namespace's S3 user limits: the configured defaults, what platform admins set for it, and what each member's user gets.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Version">The overrides' version (0 while none were set): the ETag to send back in If-Match.</param>
/// <param name="Defaults">The configured <c>Nereid:Storage:ObjectStore</c> limits.</param>
/// <param name="Overrides">The namespace's own limits (null fields keep the default).</param>
/// <param name="Effective">What the controller writes into each member's CephObjectStoreUser <c>spec.quotas</c>.</param>
internal sealed record S3QuotaView(string Namespace, int Version, S3QuotaValues Defaults, S3QuotaValues Overrides, S3QuotaValues Effective);

/// <summary>
/// Per-namespace limits of the members' object store users: read by the namespace's members and platform admins, replaced
/// by platform admins with If-Match, audited in the same unit of work. The S3 user controller applies them on its next pass.
/// </summary>
internal sealed class S3QuotaService(NereidDbContext db, AuditLog audit, TimeProvider time, IOptions<ObjectStoreOptions> options)
{
    /// <summary>The limits of <paramref name="name"/>; 404 when it does not exist, 403 for people outside it.</summary>
    public async Task<S3QuotaView> GetAsync(Actor actor, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var ns = await NamespaceSettings.FindAsync(db, name, tracked: false, ct);
        if (!actor.IsPlatformAdmin && !await db.IsEffectiveMemberAsync(actor, ns.Id, ct))
            throw new ForbiddenException($"Only members of namespace '{name}' and platform admins may see its S3 limits.");
        return View(name, await db.Set<S3QuotaOverride>().AsNoTracking().FirstOrDefaultAsync(o => o.NamespaceId == ns.Id, ct));
    }

    /// <summary>
    /// Replaces the limits of <paramref name="name"/> (a null field goes back to the default), refused when
    /// <paramref name="expectedVersion"/> (If-Match) is not the stored version. Platform admins only.
    /// </summary>
    public async Task<S3QuotaView> SetAsync(Actor actor, string name, S3QuotaValues input, int? expectedVersion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var ns = await NamespaceSettings.FindAsync(db, name, tracked: false, ct);
        if (!actor.IsPlatformAdmin)
            throw new ForbiddenException("Only platform admins may change a namespace's S3 limits.");
        if (!string.IsNullOrWhiteSpace(input.MaxSize) && (!Quantity.TryParse(input.MaxSize.Trim(), out var size) || size.Value < 0))
            throw ValidationFailedException.For("maxSize", $"'{input.MaxSize}' is not a size: write a quantity such as 500Gi or 2Ti.");
        var row = await db.Set<S3QuotaOverride>().FirstOrDefaultAsync(o => o.NamespaceId == ns.Id, ct);
        var stored = row?.Version ?? 0;
        if (expectedVersion is { } v && v != stored)
            throw new PreconditionFailedException($"The S3 limits of '{name}' were changed by someone else (version {stored}, you had {v}); reload and try again.");
        var before = Values(row);
        var now = time.GetUtcNow().UtcDateTime;
        if (row is null)
        {
            row = S3QuotaOverride.Create(ns.Id, input.MaxSize, input.MaxBuckets, input.MaxObjects, actor.PersonId, now);
            db.Add(row);
        }
        else
        {
            row.Update(input.MaxSize, input.MaxBuckets, input.MaxObjects, actor.PersonId, now);
        }
        audit.Record(actor, "s3.quota", "namespace", name, name, before, Values(row));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two admins at once: the concurrency token or the primary key keeps one.
            throw new PreconditionFailedException($"The S3 limits of '{name}' were changed by someone else at the same time; reload and try again.");
        }
        return View(name, row);
    }

    /// <summary>The limits each member's user gets in the namespace with id <paramref name="namespaceId"/> (no authorization: the caller has it).</summary>
    public async Task<S3QuotaValues> EffectiveAsync(Guid namespaceId, CancellationToken ct) =>
        View("", await db.Set<S3QuotaOverride>().AsNoTracking().FirstOrDefaultAsync(o => o.NamespaceId == namespaceId, ct)).Effective;

    private S3QuotaView View(string name, S3QuotaOverride? row)
    {
        var store = options.Value;
        var defaults = new S3QuotaValues(string.IsNullOrWhiteSpace(store.MaxSize) ? null : store.MaxSize.Trim(), store.MaxBuckets, store.MaxObjects);
        var overrides = Values(row);
        var effective = new S3QuotaValues(overrides.MaxSize ?? defaults.MaxSize, overrides.MaxBuckets ?? defaults.MaxBuckets, overrides.MaxObjects ?? defaults.MaxObjects);
        return new S3QuotaView(name, row?.Version ?? 0, defaults, overrides, effective);
    }

    private static S3QuotaValues Values(S3QuotaOverride? row) => new(row?.MaxSize, row?.MaxBuckets, row?.MaxObjects);
}
