using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Storage;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using Nereid.Server.Clusters;

namespace Nereid.Server.Storage;

/// <summary>
/// Operator-written class descriptions: read by everyone signed in (beside the observed class), written by platform
/// admins with If-Match, audited in the same unit of work.
/// </summary>
internal sealed class StorageClassDescriptionService(NereidDbContext db, AuditLog audit, TimeProvider time, IClusterConnections clusters, StorageCatalog catalog)
{
    /// <summary>The description of <paramref name="storageClass"/> on <paramref name="cluster"/>; an empty one (version 0) while none is written.</summary>
    public async Task<StorageClassDescriptionView> GetAsync(string cluster, string storageClass, CancellationToken ct)
    {
        var row = await db.StorageClassDescriptions.AsNoTracking().FirstOrDefaultAsync(d => d.Cluster == cluster && d.ClassName == storageClass, ct);
        if (row is not null)
            return StorageClassDescriptionView.Of(row);
        RequireClass(cluster, storageClass);
        return StorageClassDescriptionView.Empty(cluster, storageClass);
    }

    /// <summary>
    /// Writes the description of an observed class, refused when <paramref name="expectedVersion"/> (If-Match) is not the
    /// stored version (0 while none is written). Platform admins only.
    /// </summary>
    public async Task<StorageClassDescriptionView> SetAsync(Actor actor, string cluster, string storageClass, StorageClassDescriptionInput input, int? expectedVersion,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        if (!actor.IsPlatformAdmin)
            throw new ForbiddenException("Only platform admins may describe storage classes.");
        var row = await db.StorageClassDescriptions.FirstOrDefaultAsync(d => d.Cluster == cluster && d.ClassName == storageClass, ct);
        if (row is null)
            RequireClass(cluster, storageClass);
        var stored = row?.Version ?? 0;
        if (expectedVersion is { } v && v != stored)
            throw new PreconditionFailedException($"The description of '{storageClass}' on '{cluster}' was changed by someone else (version {stored}, you had {v}); reload and try again.");
        var now = time.GetUtcNow().UtcDateTime;
        var before = row is null ? null : StorageClassDescriptionView.Of(row);
        if (row is null)
        {
            row = StorageClassDescription.Create(cluster, storageClass, input.Region, input.FilesystemType, input.AccessModes, input.Media, input.Notes, now);
            db.StorageClassDescriptions.Add(row);
        }
        else
        {
            row.Update(input.Region, input.FilesystemType, input.AccessModes, input.Media, input.Notes, now);
        }
        var after = StorageClassDescriptionView.Of(row);
        audit.Record(actor, "storage.class.describe", "storage-class", $"{cluster}/{storageClass}", null, before, after);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two admins writing at once: the concurrency token or the unique index keeps one.
            throw new PreconditionFailedException($"The description of '{storageClass}' on '{cluster}' was changed by someone else at the same time; reload and try again.");
        }
        return after;
    }

    /// <summary>The catalogue with each class's description beside it.</summary>
    public async Task<StorageCatalogView> DescribeAsync(StorageCatalogView catalogView, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(catalogView);
        var names = catalogView.Classes.Select(c => c.Cluster).Distinct().ToList();
        var rows = await db.StorageClassDescriptions.AsNoTracking().Where(d => names.Contains(d.Cluster)).ToListAsync(ct);
        var byKey = rows.ToDictionary(d => (d.Cluster, d.ClassName));
        return catalogView with
        {
            Classes = [.. catalogView.Classes.Select(c => c with { Description = byKey.TryGetValue((c.Cluster, c.Name), out var d) ? StorageClassDescriptionView.Of(d) : null })],
        };
    }

    private void RequireClass(string cluster, string storageClass)
    {
        if (clusters.Find(cluster) is null)
            throw new NotFoundException($"No cluster is named '{cluster}'.");
        if (catalog.Find(cluster, storageClass) is null)
            throw new NotFoundException($"Cluster '{cluster}' has no storage class '{storageClass}'.");
    }
}
