using Microsoft.EntityFrameworkCore;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Server.Auth;

namespace Nereid.Server.Namespaces;

internal sealed partial class NamespaceService
{
    /// <summary>Creates a namespace with the creator as its first admin. Needs tier admin or above.</summary>
    public async Task<NamespaceView> CreateAsync(Actor actor, NamespaceInput input, CancellationToken ct)
    {
        if (!actor.AtLeast(Tier.Admin))
            throw new ForbiddenException("Creating namespaces needs the admin tier; request a promotion on your profile page.");
        rules.CheckName(input.Name);
        var (metadata, institutionId) = await MetadataAsync(input, ct);
        var name = input.Name!;
        if (await db.Namespaces.AnyAsync(n => n.Name == name, ct))
            throw new ConflictException($"A namespace named '{name}' already exists.");

        var now = time.GetUtcNow().UtcDateTime;
        var ns = NereidNamespace.Create(name, metadata, actor.PersonId, now);
        ns.LinkInstitution(institutionId);
        db.Namespaces.Add(ns);
        audit.Record(actor, "namespace.create", "namespace", name, name, after: metadata);
        await SaveAsync(ct, $"A namespace named '{name}' already exists.");
        return await GetAsync(name, ct);
    }

    /// <summary>Replaces the metadata. <paramref name="expectedVersion"/> comes from If-Match; a stale one is refused.</summary>
    public async Task<NamespaceView> UpdateAsync(Actor actor, string name, NamespaceInput input, int? expectedVersion, CancellationToken ct)
    {
        var ns = await LoadTrackedAsync(name, ct);
        await RequireNamespaceAdminAsync(actor, ns, ct);
        if (expectedVersion is { } v && v != ns.Version)
            throw new PreconditionFailedException($"Namespace '{name}' was changed by someone else (version {ns.Version}, you had {v}); reload and try again.");
        if (input.Name is not null && input.Name != name)
            throw ValidationFailedException.For("name", "A namespace cannot be renamed.");
        var (metadata, institutionId) = await MetadataAsync(input, ct);
        var before = Snapshot(ns);
        ns.LinkInstitution(institutionId);
        ns.UpdateMetadata(metadata, time.GetUtcNow().UtcDateTime);
        audit.Record(actor, "namespace.update", "namespace", name, name, before, metadata);
        await SaveAsync(ct);
        return await GetAsync(name, ct);
    }

    /// <summary>
    /// Validated metadata whose institution is the canonical name of the institution the input names (by any of its
    /// names), with that institution's id; text that names none is kept as typed, with no id.
    /// </summary>
    private async Task<(NamespaceMetadata Metadata, Guid? InstitutionId)> MetadataAsync(NamespaceInput input, CancellationToken ct)
    {
        var metadata = NamespaceMetadata.Create(input.Institution, input.Pis, input.Grants, input.Software, input.Description, input.Publications);
        var (id, institution) = await institutions.ResolveAsync(metadata.Institution, ct);
        return (metadata with { Institution = institution }, id);
    }

    /// <summary>Marks a namespace for deletion. The caller must repeat its name, so nothing is destroyed by a stray click.</summary>
    public async Task<NamespaceView> RequestDeletionAsync(Actor actor, string name, string? confirmName, int? expectedVersion, CancellationToken ct)
    {
        var ns = await LoadTrackedAsync(name, ct);
        await RequireNamespaceAdminAsync(actor, ns, ct);
        if (!string.Equals(confirmName, name, StringComparison.Ordinal))
            throw ValidationFailedException.For("confirm", $"Type the namespace name '{name}' to confirm deletion.");
        if (expectedVersion is { } v && v != ns.Version)
            throw new PreconditionFailedException($"Namespace '{name}' was changed by someone else; reload and try again.");
        ns.RequestDeletion(time.GetUtcNow().UtcDateTime);
        audit.Record(actor, "namespace.delete", "namespace", name, name, new { state = "active" }, new { state = "deleting" });
        await SaveAsync(ct);
        return await GetAsync(name, ct);
    }

    /// <summary>True when the actor administers this namespace (namespace admin role or platform admin).</summary>
    public Task<bool> IsNamespaceAdminAsync(Actor? actor, string name, CancellationToken ct) => db.IsNamespaceAdminAsync(actor, name, ct);

    private async Task RequireNamespaceAdminAsync(Actor actor, NereidNamespace ns, CancellationToken ct)
    {
        if (!await db.IsNamespaceAdminAsync(actor, ns.Name, ct))
            throw new ForbiddenException($"Only admins of namespace '{ns.Name}' may do this.");
    }

    private static object Snapshot(NereidNamespace ns) => new
    {
        ns.Institution, ns.Pis, ns.Grants, ns.Software, ns.Description, ns.Publications, State = ns.State.ToString(),
    };

    private async Task SaveAsync(CancellationToken ct, string? uniqueViolationMessage = null)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new PreconditionFailedException("Someone else changed this namespace at the same time; reload and try again.");
        }
        catch (DbUpdateException) when (uniqueViolationMessage is not null)
        {
            throw new ConflictException(uniqueViolationMessage);
        }
        finally
        {
            cache.Invalidate();
        }
    }
}
