using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.Storage;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Storage.S3;

/// <summary>A namespace's own user limits (each null field keeps the configured default).</summary>
internal sealed record S3Limits(string? MaxSize, int? MaxBuckets, long? MaxObjects)
{
    public static S3Limits? Of(S3QuotaOverride? row) => row is null ? null : new(row.MaxSize, row.MaxBuckets, row.MaxObjects);
}

/// <summary>One person's object store user in one namespace, as the database wants it.</summary>
internal sealed record S3DesiredUser(string Namespace, Guid PersonId, string DisplayName, S3Limits? Limits = null);

/// <summary>What the database wants: a user per member, and the users of members who revoked their keys (to be deleted).</summary>
internal sealed record S3DesiredState(IReadOnlyDictionary<string, S3DesiredUser> Users, IReadOnlySet<string> Revoked);

/// <summary>Every member (any role) of every active namespace gets a user, unless they revoked their keys there.</summary>
internal static class S3DesiredUsers
{
    public static async Task<S3DesiredState> LoadAsync(NereidDbContext db, CancellationToken ct)
    {
        var rows = await db.EffectiveMemberships().AsNoTracking()
            .Where(m => m.Namespace!.State == NamespaceState.Active)
            .Select(m => new { Namespace = m.Namespace!.Name, m.NamespaceId, m.PersonId, m.Person!.DisplayName })
            .ToListAsync(ct);
        var limits = await db.Set<S3QuotaOverride>().AsNoTracking().ToDictionaryAsync(o => o.NamespaceId, ct);
        var revoked = (await db.Set<S3Revocation>().AsNoTracking()
                .Join(db.Set<NereidNamespace>(), r => r.NamespaceId, n => n.Id, (r, n) => new { n.Name, r.PersonId })
                .ToListAsync(ct))
            .Select(r => S3UserNames.UserName(r.Name, r.PersonId)).ToHashSet(StringComparer.Ordinal);
        var users = rows.Select(r => (Key: S3UserNames.UserName(r.Namespace, r.PersonId),
                User: new S3DesiredUser(r.Namespace, r.PersonId, r.DisplayName, S3Limits.Of(limits.GetValueOrDefault(r.NamespaceId)))))
            .Where(u => !revoked.Contains(u.Key))
            .ToDictionary(u => u.Key, u => u.User, StringComparer.Ordinal);
        return new S3DesiredState(users, revoked);
    }
}
