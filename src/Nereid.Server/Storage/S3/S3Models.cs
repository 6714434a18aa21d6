namespace Nereid.Server.Storage.S3;

/// <summary>A person's S3 credentials for one namespace.</summary>
/// <param name="Namespace">The Nereid namespace.</param>
/// <param name="Cluster">The cluster whose object store holds the user.</param>
/// <param name="User">The CephObjectStoreUser's name (in the object store's namespace).</param>
/// <param name="Phase">Rook's phase (<c>Ready</c>, …) or <c>Pending</c> while the user or its keys do not exist yet.</param>
/// <param name="AccessKey">The access key, once Rook has written it.</param>
/// <param name="SecretKey">The secret key: only in the first answer that has it, never again.</param>
/// <param name="SecretKeyShown">True when the secret key was already shown (rotate to get a new one).</param>
/// <param name="Endpoint">The S3 endpoint Rook reports.</param>
/// <param name="UsedBytes">Bytes the user stores, from the object gateway's admin API; null when unknown.</param>
/// <param name="Objects">Objects the user stores, likewise; null when unknown.</param>
/// <param name="Problem">Why the user is stuck, in words (e.g. Rook keeps a deleted user that owns buckets); null when nothing is.</param>
/// <param name="Limits">The limits the user gets in this namespace (its own where a platform admin set them, else the defaults).</param>
internal sealed record S3CredentialsView(string Namespace, string Cluster, string User, string Phase, string? AccessKey, string? SecretKey,
    bool SecretKeyShown, string? Endpoint, long? UsedBytes = null, long? Objects = null, string? Problem = null, S3QuotaValues? Limits = null);

/// <summary>The answer to a rotation or revocation: the old keys are being revoked; new ones (or a new user) follow.</summary>
/// <param name="User">The user whose keys change.</param>
/// <param name="Message">What happens next.</param>
internal sealed record S3RotationView(string User, string Message);
