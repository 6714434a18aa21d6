using System.Text.Json.Nodes;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// TEST-ONLY STAND-IN for Rook's bucket provisioner (lib-bucket-provisioner inside the Rook operator) — not Rook, and
/// nothing Nereid ships. It does what Rook's ObjectBucketClaim documentation says and nothing more: for a claim whose
/// StorageClass has a <c>&lt;ns&gt;.ceph.rook.io/bucket</c> provisioner it picks the bucket name (<c>bucketName</c>, or
/// <c>generateBucketName</c> plus a random suffix), creates the cluster-scoped ObjectBucket <c>obc-&lt;ns&gt;-&lt;claim&gt;</c>,
/// a ConfigMap and a Secret named like the claim in its namespace (<c>BUCKET_HOST</c>, <c>BUCKET_NAME</c>,
/// <c>BUCKET_PORT</c>, <c>BUCKET_REGION</c>, <c>BUCKET_SUBREGION</c>; <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>),
/// owned by the claim, writes <c>spec.bucketName</c> and <c>spec.objectBucketName</c> on the claim and sets its
/// <c>status.phase: Bound</c>. When the claim goes, so do the bucket and its ConfigMap and Secret (the double has no
/// garbage collector, so the stand-in deletes them). It polls the double every 50 ms.
/// </summary>
internal sealed class RookBucketStandIn : RookOperatorStandIn
{
    private static readonly ResourceType Claims = new("objectbucket.io", "v1alpha1", "objectbucketclaims", "ObjectBucketClaim", true);
    private static readonly ResourceType Buckets = new("objectbucket.io", "v1alpha1", "objectbuckets", "ObjectBucket", false);
    private static readonly ResourceType ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true);
    private static readonly ResourceType Secrets = new("", "v1", "secrets", "Secret", true);
    private static readonly ResourceType Classes = new("storage.k8s.io", "v1", "storageclasses", "StorageClass", false);
    private const string ProvisionerLabel = "bucket-provisioner";

    public RookBucketStandIn(IKubeClient kube)
        : base(kube) => Start();

    protected override async Task PassAsync(CancellationToken ct)
    {
        var claims = (await Kube.ListAsync<UnstructuredObject>(Claims, null, cancellationToken: ct)).Items;
        foreach (var claim in claims.Where(c => c.Metadata.DeletionTimestamp is null && c["status"]?["phase"]?.GetValue<string>() != "Bound"))
        {
            var className = claim["spec"]?["storageClassName"]?.GetValue<string>() ?? "";
            var storageClass = await Kube.GetAsync<UnstructuredObject>(Classes, null, className, ct);
            if (storageClass?["provisioner"]?.GetValue<string>() is not { } provisioner || !provisioner.EndsWith(".ceph.rook.io/bucket", StringComparison.Ordinal))
            {
                continue; // Not Rook's class: another provisioner's claim, left Pending.
            }
            await ProvisionAsync(claim, provisioner, storageClass, ct);
        }
        var live = claims.Where(c => c.Metadata.DeletionTimestamp is null).Select(c => c.Metadata.Uid).ToHashSet();
        foreach (var type in new[] { ConfigMaps, Secrets })
        {
            var owned = (await Kube.ListAsync<UnstructuredObject>(type, null, new ListOptions { LabelSelector = ProvisionerLabel }, ct)).Items;
            foreach (var orphan in owned.Where(o => o.Metadata.OwnerReferences?.Any(r => live.Contains(r.Uid)) != true))
            {
                await Kube.DeleteAsync(type, orphan.Metadata.Namespace, orphan.Metadata.Name!, cancellationToken: ct);
            }
        }
        foreach (var bucket in (await Kube.ListAsync<UnstructuredObject>(Buckets, null, cancellationToken: ct)).Items)
        {
            if (!live.Contains(bucket["spec"]?["claimRef"]?["uid"]?.GetValue<string>()))
            {
                await Kube.DeleteAsync(Buckets, null, bucket.Metadata.Name!, cancellationToken: ct);
            }
        }
    }

    private async Task ProvisionAsync(UnstructuredObject claim, string provisioner, UnstructuredObject storageClass, CancellationToken ct)
    {
        var ns = claim.Metadata.Namespace!;
        var name = claim.Metadata.Name!;
        var store = storageClass["parameters"]?["objectStoreName"]?.GetValue<string>() ?? "my-store";
        var storeNs = storageClass["parameters"]?["objectStoreNamespace"]?.GetValue<string>() ?? "rook-ceph";
        var bucketName = claim["spec"]?["bucketName"]?.GetValue<string>() is { Length: > 0 } fixedName ? fixedName : Generate(claim["spec"]?["generateBucketName"]?.GetValue<string>() ?? name);
        var host = $"rook-ceph-rgw-{store}.{storeNs}.svc";
        var labels = new Dictionary<string, string> { [ProvisionerLabel] = provisioner.Replace('/', '-') };
        var owner = new OwnerReference { ApiVersion = "objectbucket.io/v1alpha1", Kind = "ObjectBucketClaim", Name = name, Uid = claim.Metadata.Uid, Controller = true, BlockOwnerDeletion = true };
        var objectBucket = $"obc-{ns}-{name}";
        if (await Kube.GetAsync<UnstructuredObject>(Buckets, null, objectBucket, ct) is null)
        {
            await Kube.CreateAsync(Buckets, new UnstructuredObject
            {
                ApiVersion = "objectbucket.io/v1alpha1",
                Kind = "ObjectBucket",
                Metadata = new ObjectMeta { Name = objectBucket, Labels = labels },
                Fields = new JsonObject
                {
                    ["spec"] = new JsonObject
                    {
                        ["storageClassName"] = storageClass.Metadata.Name,
                        ["reclaimPolicy"] = storageClass["reclaimPolicy"]?.GetValue<string>() ?? "Delete",
                        ["endpoint"] = new JsonObject { ["bucketHost"] = host, ["bucketPort"] = 80, ["bucketName"] = bucketName, ["region"] = "us-east-1", ["subRegion"] = "" },
                        ["claimRef"] = new JsonObject { ["apiVersion"] = "objectbucket.io/v1alpha1", ["kind"] = "ObjectBucketClaim", ["namespace"] = ns, ["name"] = name, ["uid"] = claim.Metadata.Uid },
                    },
                },
            }, ct);
        }
        if (await Kube.GetAsync<UnstructuredObject>(ConfigMaps, ns, name, ct) is null)
        {
            await Kube.CreateAsync(ConfigMaps, new UnstructuredObject
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = labels, OwnerReferences = [owner] },
                Fields = new JsonObject
                {
                    ["data"] = new JsonObject
                    {
                        ["BUCKET_HOST"] = host, ["BUCKET_NAME"] = bucketName, ["BUCKET_PORT"] = "80", ["BUCKET_REGION"] = "us-east-1", ["BUCKET_SUBREGION"] = "",
                    },
                },
            }, ct);
        }
        if (await Kube.GetAsync<UnstructuredObject>(Secrets, ns, name, ct) is null)
        {
            var secretKey = IssueSecretKey();
            await Kube.CreateAsync(Secrets, new UnstructuredObject
            {
                ApiVersion = "v1",
                Kind = "Secret",
                Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = labels, OwnerReferences = [owner] },
                Fields = new JsonObject
                {
                    ["type"] = "Opaque",
                    ["data"] = new JsonObject { ["AWS_ACCESS_KEY_ID"] = B64(NewAccessKey()), ["AWS_SECRET_ACCESS_KEY"] = B64(secretKey) },
                },
            }, ct);
        }
        var spec = new JsonObject { ["spec"] = new JsonObject { ["bucketName"] = bucketName, ["objectBucketName"] = objectBucket } };
        var patched = await Kube.PatchAsync<UnstructuredObject>(Claims, ns, name, spec.ToJsonString(), cancellationToken: ct);
        patched["status"] = new JsonObject { ["phase"] = "Bound" };
        await Kube.UpdateAsync(Claims, patched, "status", ct);
    }

    /// <summary>lib-bucket-provisioner's generated name: the prefix (cut so the whole fits 63 characters), '-', a random UUID.</summary>
    private static string Generate(string prefix) => $"{(prefix.Length > 26 ? prefix[..26] : prefix)}-{Guid.NewGuid():D}";
}
