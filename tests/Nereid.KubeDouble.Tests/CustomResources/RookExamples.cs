namespace Nereid.KubeDouble.Tests.CustomResources;

/// <summary>Objects from Rook's <c>deploy/examples</c> (object-user.yaml, object-bucket-claim-delete.yaml), as users apply them.</summary>
internal static class RookExamples
{
    public const string ObjectUser = """
        apiVersion: ceph.rook.io/v1
        kind: CephObjectStoreUser
        metadata:
          name: my-user
          namespace: rook-ceph
        spec:
          store: my-store
          displayName: "my display name"
          quotas:
            maxBuckets: 100
            maxSize: 10G
            maxObjects: 10000
          capabilities:
            user: "*"
            bucket: "*"
        """;

    public const string BucketClaim = """
        apiVersion: objectbucket.io/v1alpha1
        kind: ObjectBucketClaim
        metadata:
          name: ceph-delete-bucket
          namespace: rook-ceph
        spec:
          generateBucketName: ceph-bkt
          storageClassName: rook-ceph-delete-bucket
          additionalConfig:
            maxObjects: "1000"
            maxSize: "2G"
        """;

    /// <summary>The Rook definitions shipped in <c>shared/reference/rook</c>.</summary>
    public static string Folder => Nereid.KubeDouble.CustomResources.CrdLoader.LocateReference("rook") ?? throw new InvalidOperationException("shared/reference/rook not found");
}
