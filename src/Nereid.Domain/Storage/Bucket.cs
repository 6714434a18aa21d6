using System.Text.RegularExpressions;
using Nereid.Domain.Errors;

namespace Nereid.Domain.Storage;

/// <summary>
/// An S3 bucket a namespace asked for on one cluster: Nereid keeps the request (name, bucket class) and the controller
/// turns it into an ObjectBucketClaim of the same name in the namespace; what the provisioner answers (phase, bucket
/// name, endpoint, keys) is read from the cluster, never stored here. The secret key is shown once: <see cref="SecretShownAt"/>
/// records that it was.
/// </summary>
public sealed partial class Bucket
{
    /// <summary>Longest claim name: an S3 bucket name is at most 63 characters, and Nereid asks for buckets named after the claim.</summary>
    public const int MaxNameLength = 63;

    /// <summary>Shortest claim name (S3 bucket names have at least 3 characters).</summary>
    public const int MinNameLength = 3;

    public Guid Id { get; private init; }

    /// <summary>The namespace the claim lives in.</summary>
    public Guid NamespaceId { get; private init; }

    /// <summary>The cluster's name in Nereid.</summary>
    public string Cluster { get; private init; } = "";

    /// <summary>The claim's name (and of the ConfigMap and Secret the provisioner writes beside it).</summary>
    public string Name { get; private init; } = "";

    /// <summary>The bucket class: a StorageClass whose provisioner is Rook's bucket provisioner.</summary>
    public string BucketClass { get; private init; } = "";

    /// <summary>Who asked for it.</summary>
    public Guid CreatedById { get; private init; }

    public DateTime CreatedAt { get; private init; }

    /// <summary>When the secret key was shown (it is never shown again); null while it was not.</summary>
    public DateTime? SecretShownAt { get; private set; }

    /// <summary>A new bucket request; throws <see cref="ValidationFailedException"/> when the name breaks the rules.</summary>
    public static Bucket Create(Guid namespaceId, string cluster, string name, string bucketClass, Guid createdBy, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(bucketClass);
        if (NameProblem(name) is { } problem)
            throw ValidationFailedException.For("name", problem);
        return new Bucket
        {
            Id = Guid.NewGuid(), NamespaceId = namespaceId, Cluster = cluster, Name = name, BucketClass = bucketClass, CreatedById = createdBy, CreatedAt = now,
        };
    }

    /// <summary>Why <paramref name="name"/> cannot name a bucket, or null when it can.</summary>
    public static string? NameProblem(string? name) =>
        name is { Length: >= MinNameLength and <= MaxNameLength } && NamePattern().IsMatch(name)
            ? null
            : $"A bucket name has {MinNameLength} to {MaxNameLength} lower-case letters, digits and '-', starting and ending with a letter or digit.";

    /// <summary>Records that the secret key was shown; false when it already had been.</summary>
    public bool MarkSecretShown(DateTime now)
    {
        if (SecretShownAt is not null)
            return false;
        SecretShownAt = now;
        return true;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex NamePattern();
}
