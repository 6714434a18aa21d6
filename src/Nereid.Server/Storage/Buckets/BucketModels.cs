namespace Nereid.Server.Storage.Buckets;

/// <summary>A namespace's S3 bucket as the portal, the API and the CLI show it.</summary>
/// <param name="Cluster">The cluster whose object store holds it.</param>
/// <param name="Namespace">The namespace of its ObjectBucketClaim.</param>
/// <param name="Name">The claim's name (and of its ConfigMap and Secret).</param>
/// <param name="BucketClass">The bucket class asked for.</param>
/// <param name="Phase">The claim's <c>status.phase</c> (<c>Bound</c> once the bucket exists), or <c>Pending</c>.</param>
/// <param name="BucketName">The bucket's name in the object store (<c>BUCKET_NAME</c>), once the provisioner wrote it.</param>
/// <param name="Endpoint">The S3 endpoint from <c>BUCKET_HOST</c> and <c>BUCKET_PORT</c>, once written.</param>
/// <param name="AccessKeyId">The bucket's access key (<c>AWS_ACCESS_KEY_ID</c>), once written.</param>
/// <param name="SecretAccessKey">The secret key: only in the one answer that reveals it, never again.</param>
/// <param name="SecretKeyShown">True once the secret key was shown.</param>
/// <param name="Conditions">What was observed on the cluster, as conditions.</param>
/// <param name="CreatedAt">When it was asked for.</param>
internal sealed record BucketView(string Cluster, string Namespace, string Name, string BucketClass, string Phase, string? BucketName, string? Endpoint,
    string? AccessKeyId, string? SecretAccessKey, bool SecretKeyShown, IReadOnlyList<BucketCondition> Conditions, DateTime CreatedAt);

/// <summary>One observation about a bucket: <c>Claimed</c>, <c>Bound</c> or <c>CredentialsReady</c>.</summary>
/// <param name="Type">What is observed.</param>
/// <param name="Status"><c>True</c>, <c>False</c> or <c>Unknown</c> (the cluster did not answer).</param>
/// <param name="Reason">A one-word cause.</param>
/// <param name="Message">In words.</param>
internal sealed record BucketCondition(string Type, string Status, string Reason, string Message);

/// <summary>A new bucket: its name and bucket class; the cluster may be left out when only one is connected.</summary>
internal sealed record BucketInput(string? Cluster, string? Name, string? BucketClass);
