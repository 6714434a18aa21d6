using Nereid.Domain.Errors;

namespace Nereid.Domain.Storage;

/// <summary>
/// A namespace's own limits for its members' object store users, set by platform admins: each field set here replaces the
/// configured default (<c>Nereid:Storage:ObjectStore</c>) in every member's CephObjectStoreUser <c>spec.quotas</c>; a null
/// field keeps the default. One row per namespace; changes go through <see cref="Create"/> and <see cref="Update"/>.
/// </summary>
public sealed class S3QuotaOverride
{
    /// <summary>Longest <see cref="MaxSize"/> text (a Kubernetes quantity).</summary>
    public const int MaxSizeLength = 40;

    /// <summary>Highest <see cref="MaxBuckets"/> (the same bound as the configured default).</summary>
    public const int MaxBucketsLimit = 100_000;

    public Guid NamespaceId { get; private init; }

    /// <summary>The user's <c>maxSize</c> (a quantity such as 500Gi), or null for the default.</summary>
    public string? MaxSize { get; private set; }

    /// <summary>The user's <c>maxBuckets</c>, or null for the default.</summary>
    public int? MaxBuckets { get; private set; }

    /// <summary>The user's <c>maxObjects</c> (0: no limit), or null for the default.</summary>
    public long? MaxObjects { get; private set; }

    /// <summary>Bumped on every change: the ETag for If-Match, and the concurrency token.</summary>
    public int Version { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public Guid UpdatedById { get; private set; }

    /// <summary>A namespace's first override; throws <see cref="ValidationFailedException"/> listing every bad field.</summary>
    public static S3QuotaOverride Create(Guid namespaceId, string? maxSize, int? maxBuckets, long? maxObjects, Guid by, DateTime now)
    {
        var row = new S3QuotaOverride { NamespaceId = namespaceId };
        row.Update(maxSize, maxBuckets, maxObjects, by, now);
        return row;
    }

    /// <summary>Replaces every field (null: back to the default) and bumps <see cref="Version"/>. The size is checked as a quantity by the caller, which knows the grammar.</summary>
    public void Update(string? maxSize, int? maxBuckets, long? maxObjects, Guid by, DateTime now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var size = string.IsNullOrWhiteSpace(maxSize) ? null : maxSize.Trim();
        if (size is { Length: > MaxSizeLength })
            errors["maxSize"] = [$"At most {MaxSizeLength} characters."];
        if (maxBuckets is < 0 or > MaxBucketsLimit)
            errors["maxBuckets"] = [$"Between 0 and {MaxBucketsLimit}."];
        if (maxObjects is < 0)
            errors["maxObjects"] = ["0 (no limit) or more."];
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        MaxSize = size;
        MaxBuckets = maxBuckets;
        MaxObjects = maxObjects;
        UpdatedById = by;
        UpdatedAt = now;
        Version++;
    }
}
