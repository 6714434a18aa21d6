using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// TEST-ONLY STAND-IN for the Rook operator's object store user controller — not Rook, and nothing Nereid ships.
/// It does what Rook documents (and its user controller, pkg/operator/ceph/object/user, does) for a CephObjectStoreUser
/// and nothing more:
/// <list type="bullet">
/// <item>adds its finalizer <c>cephobjectstoreuser.ceph.rook.io</c>, so deleting a user waits for Rook;</item>
/// <item>keeps the Ceph user's keys: without <c>spec.keys</c> one generated pair (the first key kept); with it exactly the
/// pairs read from the referenced Secrets in the user's namespace, every other key removed;</item>
/// <item>writes the Secret <c>rook-ceph-object-user-&lt;store&gt;-&lt;user&gt;</c> (type <c>kubernetes.io/rook</c>, keys
/// <c>AccessKey</c>, <c>SecretKey</c>, <c>Endpoint</c> of the first key, owned by the user), then sets
/// <c>status.phase: Ready</c>, <c>status.info.secretName</c>, <c>status.keys</c> (the referenced Secrets) and
/// <c>status.observedGeneration</c>;</item>
/// <item>on deletion removes the Ceph user — unless it owns buckets: Ceph's object gateway refuses to remove a user with
/// buckets unless told to purge its data, which Rook does not ask ("failed to delete ceph object user … could not remove
/// user: unable to remove user, must specify purge data to remove user with buckets", rook/rook PR #6691), so the user keeps
/// its finalizer and its status becomes <c>ReconcileFailed</c> until its buckets are gone;</item>
/// <item>stands in for the garbage collector the double lacks: a Secret owned by a user that no longer exists is deleted.</item>
/// </list>
/// Buckets a user owns (made with its own keys, outside Kubernetes) are what the test says through <see cref="OwnBucket"/>.
/// It polls the double every 50 ms.
/// </summary>
internal sealed class RookStandIn : RookOperatorStandIn
{
    public const string Finalizer = "cephobjectstoreuser.ceph.rook.io";

    private static readonly ResourceType Users = new("ceph.rook.io", "v1", "cephobjectstoreusers", "CephObjectStoreUser", true);
    private static readonly ResourceType Secrets = new("", "v1", "secrets", "Secret", true);

    private readonly string _namespace;

    /// <summary>The Ceph users' live keys (access key → secret key), by user name.</summary>
    private readonly ConcurrentDictionary<string, IReadOnlyList<(string Access, string Secret)>> _cephKeys = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, byte> _owningBuckets = new(StringComparer.Ordinal);

    public RookStandIn(IKubeClient kube, string storeNamespace)
        : base(kube)
    {
        _namespace = storeNamespace;
        Start();
    }

    /// <summary>The user now owns a bucket (as after <c>s3 mb</c> with its keys); Rook will not delete it until <see cref="DropBuckets"/>.</summary>
    public void OwnBucket(string user) => _owningBuckets[user] = 0;

    /// <summary>The user's buckets are gone.</summary>
    public void DropBuckets(string user) => _owningBuckets.TryRemove(user, out _);

    /// <summary>True when the object gateway would accept this key pair: some live Ceph user has it.</summary>
    public bool Accepts(string accessKey, string secretKey) =>
        _cephKeys.Values.Any(keys => keys.Any(k => k.Access == accessKey && k.Secret == secretKey));

    protected override async Task PassAsync(CancellationToken ct)
    {
        var users = (await Kube.ListAsync<UnstructuredObject>(Users, _namespace, cancellationToken: ct)).Items;
        var secrets = (await Kube.ListAsync<UnstructuredObject>(Secrets, _namespace, cancellationToken: ct)).Items;
        foreach (var user in users)
        {
            // An update that leaves managedFields out keeps the server's record of who owns what (the read copy lacks fieldsV1).
            user.Metadata.ManagedFields = null;
            var name = user.Metadata.Name!;
            if (user.Metadata.DeletionTimestamp is not null)
            {
                await DeleteAsync(user, ct);
                continue;
            }
            if (user.Metadata.Finalizers?.Contains(Finalizer) != true)
            {
                // As Rook: add the finalizer first and reconcile on the next event.
                user.Metadata.Finalizers = [.. user.Metadata.Finalizers ?? [], Finalizer];
                await Kube.UpdateAsync(Users, user, cancellationToken: ct);
                continue;
            }
            var observed = user["status"]?["observedGeneration"]?.GetValue<long>();
            var store = user["spec"]?["store"]?.GetValue<string>() ?? "";
            var secretName = $"rook-ceph-object-user-{store}-{name}";
            var current = secrets.FirstOrDefault(s => s.Metadata.Name == secretName);
            if (current is not null && observed == user.Metadata.Generation && user["status"]?["phase"]?.GetValue<string>() == "Ready")
            {
                continue;
            }
            // Keys: exactly those spec.keys references, or the user's first key (a new one for a new user).
            var referenced = new List<UnstructuredObject>();
            List<(string Access, string Secret)> keys = [];
            if (user["spec"]?["keys"] is JsonArray { Count: > 0 } wanted)
            {
                foreach (var key in wanted)
                {
                    var access = await SecretValueAsync(key?["accessKeyRef"], referenced, ct);
                    var secret = await SecretValueAsync(key?["secretKeyRef"], referenced, ct);
                    if (access is null || secret is null)
                    {
                        return; // Rook fails the reconcile ("failed to get secret value") and retries.
                    }
                    keys.Add((access, Record(secret)));
                }
            }
            else
            {
                keys = _cephKeys.TryGetValue(name, out var live) && live.Count > 0 ? [live[0]] : [(NewAccessKey(), IssueSecretKey())];
            }
            _cephKeys[name] = keys;
            var data = Data(keys[0], store);
            if (current is null)
            {
                await Kube.CreateAsync(Secrets, NewSecret(user, store, secretName, data), ct);
            }
            else if (!JsonNode.DeepEquals(current["data"], data))
            {
                current.Metadata.ManagedFields = null;
                current["data"] = data;
                await Kube.UpdateAsync(Secrets, current, cancellationToken: ct);
            }
            user["status"] = new JsonObject
            {
                ["phase"] = "Ready",
                ["info"] = new JsonObject { ["secretName"] = secretName },
                ["observedGeneration"] = user.Metadata.Generation,
                ["keys"] = new JsonArray([.. referenced.DistinctBy(s => s.Metadata.Uid).OrderBy(s => s.Metadata.Name, StringComparer.Ordinal)
                    .Select(s => (JsonNode)new JsonObject { ["name"] = s.Metadata.Name, ["namespace"] = _namespace, ["uid"] = s.Metadata.Uid, ["resourceVersion"] = s.Metadata.ResourceVersion })]),
            };
            await Kube.UpdateAsync(Users, user, "status", ct);
        }
        // The garbage collector's part: Secrets whose owning user is gone.
        foreach (var orphan in secrets.Where(s => s.Metadata.OwnerReferences is { Count: > 0 } owners
            && owners.All(o => o.Kind == "CephObjectStoreUser" && !users.Any(u => u.Metadata.Uid == o.Uid))))
        {
            await Kube.DeleteAsync(Secrets, _namespace, orphan.Metadata.Name!, cancellationToken: ct);
        }
    }

    private async Task DeleteAsync(UnstructuredObject user, CancellationToken ct)
    {
        var name = user.Metadata.Name!;
        if (user.Metadata.Finalizers?.Contains(Finalizer) != true)
        {
            return;
        }
        if (_owningBuckets.ContainsKey(name))
        {
            // The gateway refuses (exit status 17); Rook reports the failed reconcile and keeps its finalizer.
            if (user["status"]?["phase"]?.GetValue<string>() != "ReconcileFailed")
            {
                user["status"] = (user["status"]?.DeepClone() as JsonObject ?? []);
                user["status"]!["phase"] = "ReconcileFailed";
                await Kube.UpdateAsync(Users, user, "status", ct);
            }
            return;
        }
        _cephKeys.TryRemove(name, out _);
        user.Metadata.Finalizers = [.. (user.Metadata.Finalizers ?? []).Where(f => f != Finalizer)];
        await Kube.UpdateAsync(Users, user, cancellationToken: ct);
    }

    private async Task<string?> SecretValueAsync(JsonNode? selector, List<UnstructuredObject> referenced, CancellationToken ct)
    {
        var secretName = selector?["name"]?.GetValue<string>();
        var key = selector?["key"]?.GetValue<string>();
        if (secretName is null || key is null)
        {
            return null;
        }
        var secret = await Kube.GetAsync<UnstructuredObject>(Secrets, _namespace, secretName, ct);
        if (secret?["data"]?[key]?.GetValue<string>() is not { } b64)
        {
            return null;
        }
        referenced.Add(secret);
        return Encoding.UTF8.GetString(Convert.FromBase64String(b64));
    }

    private JsonObject Data((string Access, string Secret) key, string store) => new()
    {
        ["AccessKey"] = B64(key.Access),
        ["SecretKey"] = B64(key.Secret),
        ["Endpoint"] = B64($"http://rook-ceph-rgw-{store}.{_namespace}.svc:80"),
    };

    private UnstructuredObject NewSecret(UnstructuredObject user, string store, string name, JsonObject data) => new()
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
        Fields = new JsonObject { ["type"] = "kubernetes.io/rook", ["data"] = data },
    };
}
