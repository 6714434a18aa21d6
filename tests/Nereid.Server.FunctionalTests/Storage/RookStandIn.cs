using System.Text.Json.Nodes;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// TEST-ONLY STAND-IN for the Rook operator's object store user controller — not Rook, and nothing Nereid ships.
/// It does what Rook documents for a CephObjectStoreUser and nothing more: writes the Secret
/// <c>rook-ceph-object-user-&lt;store&gt;-&lt;user&gt;</c> (type <c>kubernetes.io/rook</c>, keys <c>AccessKey</c>,
/// <c>SecretKey</c>, <c>Endpoint</c>, owned by the user), then sets <c>status.phase: Ready</c> and
/// <c>status.info.secretName</c>. When the user is deleted, the Ceph user and its keys go, and the owner reference
/// garbage-collects the Secret (the double has no garbage collector, so the stand-in deletes it).
/// It polls the double every 50 ms.
/// </summary>
internal sealed class RookStandIn : RookOperatorStandIn
{
    private static readonly ResourceType Users = new("ceph.rook.io", "v1", "cephobjectstoreusers", "CephObjectStoreUser", true);
    private static readonly ResourceType Secrets = new("", "v1", "secrets", "Secret", true);

    private readonly string _namespace;

    public RookStandIn(IKubeClient kube, string storeNamespace)
        : base(kube)
    {
        _namespace = storeNamespace;
        Start();
    }

    protected override async Task PassAsync(CancellationToken ct)
    {
        var users = (await Kube.ListAsync<UnstructuredObject>(Users, _namespace, cancellationToken: ct)).Items;
        var secrets = (await Kube.ListAsync<UnstructuredObject>(Secrets, _namespace, new ListOptions { LabelSelector = "app=rook-ceph-rgw" }, ct)).Items;
        foreach (var user in users.Where(u => u.Metadata.DeletionTimestamp is null))
        {
            var store = user["spec"]?["store"]?.GetValue<string>() ?? "";
            var secretName = $"rook-ceph-object-user-{store}-{user.Metadata.Name}";
            if (!secrets.Any(s => s.Metadata.Name == secretName))
            {
                await Kube.CreateAsync(Secrets, NewSecret(user, store, secretName), ct);
            }
            if (user["status"]?["phase"]?.GetValue<string>() != "Ready")
            {
                user["status"] = new JsonObject { ["phase"] = "Ready", ["info"] = new JsonObject { ["secretName"] = secretName } };
                await Kube.UpdateAsync(Users, user, "status", ct);
            }
        }
        foreach (var orphan in secrets.Where(s => s.Metadata.OwnerReferences?.Any(o => users.Any(u => u.Metadata.Uid == o.Uid)) != true))
        {
            await Kube.DeleteAsync(Secrets, _namespace, orphan.Metadata.Name!, cancellationToken: ct);
        }
    }

    private UnstructuredObject NewSecret(UnstructuredObject user, string store, string name)
    {
        var secretKey = IssueSecretKey();
        return new UnstructuredObject
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = _namespace,
                Labels = new() { ["app"] = "rook-ceph-rgw", ["rook_cluster"] = _namespace, ["rook_object_store"] = store, ["user"] = user.Metadata.Name! },
                OwnerReferences = [new OwnerReference { ApiVersion = "ceph.rook.io/v1", Kind = "CephObjectStoreUser", Name = user.Metadata.Name, Uid = user.Metadata.Uid, Controller = true, BlockOwnerDeletion = true }],
            },
            Fields = new JsonObject
            {
                ["type"] = "kubernetes.io/rook",
                ["data"] = new JsonObject
                {
                    ["AccessKey"] = B64(NewAccessKey()),
                    ["SecretKey"] = B64(secretKey),
                    ["Endpoint"] = B64($"http://rook-ceph-rgw-{store}.{_namespace}.svc:80"),
                },
            },
        };
    }
}
