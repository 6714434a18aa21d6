namespace Nereid.Domain.Storage;

/// <summary>
/// A member revoked their own S3 keys in a namespace: while this row exists the person has no object store user there
/// (the controller deletes it once Rook has replaced its keys with ones nobody was shown). The person's next request for
/// credentials removes the row through <see cref="RevokedAt"/>'s owner, the service, and a new user is granted.
/// </summary>
public sealed class S3Revocation
{
    public Guid NamespaceId { get; private init; }

    public Guid PersonId { get; private init; }

    public DateTime RevokedAt { get; private init; }

    /// <summary>The revocation of <paramref name="personId"/>'s keys in <paramref name="namespaceId"/>.</summary>
    public static S3Revocation Create(Guid namespaceId, Guid personId, DateTime now) => new() { NamespaceId = namespaceId, PersonId = personId, RevokedAt = now };
}
