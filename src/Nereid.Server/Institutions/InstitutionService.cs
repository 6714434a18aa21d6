using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Institutions;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Institutions;

/// <summary>
/// The institution list: read by everyone signed in (the profile and namespace forms pick from it), written by platform
/// admins with If-Match, audited in the same unit of work. A rename or merge carries the new name to every person and
/// namespace that refers to the institution (namespaces are marked, so their institution label follows).
/// </summary>
internal sealed class InstitutionService(NereidDbContext db, AuditLog audit, TimeProvider time, NamespaceListCache overview)
{
    private const string AdminsOnly = "Only platform admins may change the institution list.";

    /// <summary>Every institution by name, with how many people and namespaces refer to each.</summary>
    public async Task<IReadOnlyList<InstitutionView>> ListAsync(CancellationToken ct)
    {
        var rows = await db.Institutions.AsNoTracking().ToListAsync(ct);
        var people = await CountsAsync(db.People.AsNoTracking().Where(p => p.InstitutionId != null && p.MergedIntoId == null).Select(p => p.InstitutionId), ct);
        var namespaces = await CountsAsync(db.Namespaces.AsNoTracking().Where(n => n.InstitutionId != null).Select(n => n.InstitutionId), ct);
        return [.. rows.OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase)
            .Select(i => InstitutionView.Of(i, people.GetValueOrDefault(i.Id), namespaces.GetValueOrDefault(i.Id)))];
    }

    public async Task<InstitutionView> GetAsync(Guid id, CancellationToken ct) =>
        (await ListAsync(ct)).FirstOrDefault(i => i.Id == id) ?? throw Missing();

    public async Task<InstitutionView> CreateAsync(Actor actor, InstitutionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequirePlatformAdmin(actor);
        var row = Institution.Create(input.Name, input.ShortNames, input.Domain, input.IdpEntityId, Now);
        await RequireUniqueAsync(row, ct);
        db.Institutions.Add(row);
        audit.Record(actor, "institution.create", "institution", row.Id.ToString(), null, after: InstitutionView.Of(row));
        await SaveAsync(row, ct);
        return InstitutionView.Of(row);
    }

    /// <summary>Replaces every field; <paramref name="expectedVersion"/> (If-Match) must be the stored version.</summary>
    public async Task<InstitutionView> UpdateAsync(Actor actor, Guid id, InstitutionInput input, int? expectedVersion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequirePlatformAdmin(actor);
        var row = await db.Institutions.FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw Missing();
        RequireVersion(row, expectedVersion);
        var before = InstitutionView.Of(row);
        row.Update(input.Name, input.ShortNames, input.Domain, input.IdpEntityId, Now);
        await RequireUniqueAsync(row, ct);
        if (!string.Equals(before.Name, row.Name, StringComparison.Ordinal))
            await MoveReferrersAsync(row.Id, row, ct);
        audit.Record(actor, "institution.update", "institution", row.Id.ToString(), null, before, InstitutionView.Of(row));
        await SaveAsync(row, ct);
        return await GetAsync(id, ct);
    }

    /// <summary>
    /// Merges <paramref name="fromId"/> into <paramref name="id"/> (If-Match on the survivor): its names become short
    /// names of the survivor, its people and namespaces move over, and it is deleted.
    /// </summary>
    public async Task<InstitutionView> MergeAsync(Actor actor, Guid id, Guid? fromId, int? expectedVersion, CancellationToken ct)
    {
        RequirePlatformAdmin(actor);
        if (fromId is not { } from)
            throw ValidationFailedException.For("from", "Choose the institution to merge into this one.");
        if (from == id)
            throw ValidationFailedException.For("from", "An institution cannot be merged into itself.");
        var survivor = await db.Institutions.FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw Missing();
        RequireVersion(survivor, expectedVersion);
        var other = await db.Institutions.FirstOrDefaultAsync(i => i.Id == from, ct)
            ?? throw ValidationFailedException.For("from", "The institution to merge no longer exists.");
        var before = new { survivor = InstitutionView.Of(survivor), merged = InstitutionView.Of(other) };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The other row goes first, in a save of its own: the survivor may take over its IdP entity ID, which is unique.
        // A refused merge (two IdPs) throws below, and the transaction is rolled back with it.
        await MoveReferrersAsync(other.Id, survivor, ct);
        db.Institutions.Remove(other);
        await SaveAsync(survivor, ct);
        survivor.Absorb(other, Now);
        audit.Record(actor, "institution.merge", "institution", survivor.Id.ToString(), null, before, InstitutionView.Of(survivor));
        await SaveAsync(survivor, ct);
        await transaction.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Points every person and namespace of <paramref name="fromId"/> at <paramref name="to"/> with its name.</summary>
    private async Task MoveReferrersAsync(Guid fromId, Institution to, CancellationToken ct)
    {
        foreach (var person in await db.People.Where(p => p.InstitutionId == fromId).ToListAsync(ct))
            person.SetInstitution(to.Id, to.Name);
        foreach (var ns in await db.Namespaces.Where(n => n.InstitutionId == fromId).ToListAsync(ct))
            ns.MoveToInstitution(to.Id, to.Name, Now);
    }

    private async Task RequireUniqueAsync(Institution row, CancellationToken ct)
    {
        var others = await db.Institutions.AsNoTracking().Where(i => i.Id != row.Id).ToListAsync(ct);
        if (others.FirstOrDefault(o => row.Names.Any(o.IsNamed)) is { } clash)
        {
            var name = row.Names.First(clash.IsNamed);
            throw ValidationFailedException.For(string.Equals(name, row.Name, StringComparison.Ordinal) ? "name" : "shortNames",
                $"'{name}' already names {clash.Name}; merge the two instead.");
        }
        if (row.IdpEntityId is { } idp && others.FirstOrDefault(o => string.Equals(o.IdpEntityId, idp, StringComparison.Ordinal)) is { } sameIdp)
            throw ValidationFailedException.For("idpEntityId", $"{sameIdp.Name} already signs in through that identity provider.");
    }

    private async Task SaveAsync(Institution row, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two admins at once: the concurrency token or the unique IdP index keeps one of them.
            throw new PreconditionFailedException($"{row.Name} was changed by someone else at the same time; reload and try again.");
        }
        overview.Invalidate();
    }

    private static void RequireVersion(Institution row, int? expectedVersion)
    {
        if (expectedVersion is { } v && v != row.Version)
            throw new PreconditionFailedException($"{row.Name} was changed by someone else (version {row.Version}, you had {v}); reload and try again.");
    }

    private static void RequirePlatformAdmin(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsPlatformAdmin)
            throw new ForbiddenException(AdminsOnly);
    }

    private static NotFoundException Missing() => new("That institution does not exist.");

    private static async Task<Dictionary<Guid, int>> CountsAsync(IQueryable<Guid?> ids, CancellationToken ct) =>
        await ids.GroupBy(i => i).Select(g => new { Id = g.Key!.Value, Count = g.Count() }).ToDictionaryAsync(x => x.Id, x => x.Count, ct);
}
