using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Storage.S3;

/// <summary>One person's object store user in one namespace, as the database wants it.</summary>
internal sealed record S3DesiredUser(string Namespace, Guid PersonId, string DisplayName);

/// <summary>Every member (any role) of every active namespace gets a user.</summary>
internal static class S3DesiredUsers
{
    public static async Task<IReadOnlyDictionary<string, S3DesiredUser>> LoadAsync(NereidDbContext db, CancellationToken ct)
    {
        var rows = await db.EffectiveMemberships().AsNoTracking()
            .Where(m => m.Namespace!.State == NamespaceState.Active)
            .Select(m => new { Namespace = m.Namespace!.Name, m.PersonId, m.Person!.DisplayName })
            .ToListAsync(ct);
        return rows.ToDictionary(r => S3UserNames.UserName(r.Namespace, r.PersonId), r => new S3DesiredUser(r.Namespace, r.PersonId, r.DisplayName),
            StringComparer.Ordinal);
    }
}
