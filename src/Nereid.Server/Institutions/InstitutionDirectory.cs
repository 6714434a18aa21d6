using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Institutions;

namespace Nereid.Server.Institutions;

/// <summary>
/// Finding institutions by what people type or what a sign-in says: by any of their names, a search term, or the IdP
/// entity ID. The table is small (hundreds of rows), so matching runs in memory over one read of it, the same way on
/// SQLite and PostgreSQL and with the same case rules as <see cref="Institution.Matches"/>.
/// </summary>
internal sealed class InstitutionDirectory(NereidDbContext db)
{
    /// <summary>Every institution, by name, untracked.</summary>
    public async Task<IReadOnlyList<Institution>> AllAsync(CancellationToken ct) =>
        await db.Institutions.AsNoTracking().OrderBy(i => i.Name).ToListAsync(ct);

    /// <summary>The pickers' entries, by name.</summary>
    public async Task<IReadOnlyList<InstitutionChoice>> ChoicesAsync(CancellationToken ct) =>
        [.. (await AllAsync(ct)).OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase).Select(i => new InstitutionChoice(i.Id, i.Name, i.ShortNames))];

    /// <summary>The institution one of whose names is <paramref name="text"/> (case-insensitive), or null.</summary>
    public async Task<Institution?> NamedAsync(string? text, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        return (await AllAsync(ct)).FirstOrDefault(i => i.IsNamed(text));
    }

    /// <summary>The ids of institutions a search for <paramref name="term"/> finds (any name or the domain contains it).</summary>
    public async Task<IReadOnlyList<Guid>> MatchingAsync(string term, CancellationToken ct) =>
        [.. (await AllAsync(ct)).Where(i => i.Matches(term)).Select(i => i.Id)];

    /// <summary>
    /// Resolves free text (a form's or an API body's institution) to the institution it names: its id and canonical
    /// name, or (null, the trimmed text) when it names none, kept as typed.
    /// </summary>
    public async Task<(Guid? Id, string Name)> ResolveAsync(string? text, CancellationToken ct)
    {
        var trimmed = (text ?? "").Trim();
        return await NamedAsync(trimmed, ct) is { } found ? (found.Id, found.Name) : (null, trimmed);
    }
}
