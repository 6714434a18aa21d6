using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Nereid.KubeDouble.Apply;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Server;
using Nereid.KubeDouble.Storage;
using Nereid.KubeDouble.Watch;

namespace Nereid.KubeDouble.Controllers;

/// <summary>
/// A simplification of kube-controller-manager's Deployment controller: for each Deployment, one ReplicaSet named
/// <c>&lt;deployment&gt;-&lt;pod-template-hash&gt;</c> (the hash of the pod template), controlled by the Deployment
/// (ownerReference with <c>controller</c> and <c>blockOwnerDeletion</c>), with the Deployment's replicas and a selector
/// and template carrying <c>pod-template-hash</c>. A changed template gets a new ReplicaSet and the old one is scaled to
/// zero (no rolling pace, no revision history limit); no pods are created (there is no ReplicaSet controller); a deleted
/// Deployment's ReplicaSets are deleted (standing in for the garbage collector). Seeded Deployments get theirs at start.
/// </summary>
internal sealed class DeploymentController
{
    private readonly ObjectStore _store;
    private readonly ResourceInfo _deployments;
    private readonly ResourceInfo _replicaSets;
    private readonly TimeProvider _time;
    private readonly Channel<(string Ns, string Name)> _queue = Channel.CreateUnbounded<(string, string)>();

    public DeploymentController(ObjectStore store, ResourceCatalog catalog, TimeProvider time)
    {
        _store = store;
        _deployments = catalog.Find("apps", "v1", "deployments")!;
        _replicaSets = catalog.Find("apps", "v1", "replicasets")!;
        _time = time;
    }

    /// <summary>Called under the store's commit lock: only queues the Deployment's key.</summary>
    public void OnCommitted(WatchEvent e)
    {
        if (e.Resource.StorageKey == _deployments.StorageKey)
        {
            _queue.Writer.TryWrite((e.Namespace, JsonIo.Str(e.Object["metadata"]?["name"]) ?? ""));
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        foreach (var (key, _) in _store.List(_deployments, null).Items)
        {
            var parts = key.Split('/', 2);
            _queue.Writer.TryWrite((parts[0], parts[1]));
        }
        try
        {
            await foreach (var (ns, name) in _queue.Reader.ReadAllAsync(ct))
            {
                Sync(ns, name);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private void Sync(string ns, string name)
    {
        var owned = _store.List(_replicaSets, ns).Items.Select(kv => kv.Value)
            .Where(rs => (rs["metadata"]?["ownerReferences"] as JsonArray)?.Any(o => JsonIo.Str(o?["kind"]) == "Deployment" && JsonIo.Str(o?["name"]) == name) == true)
            .ToList();
        var deployment = _store.Get(_deployments, ns, name);
        var desired = deployment is null || deployment["metadata"]?["deletionTimestamp"] is not null ? null : Desired(deployment);
        foreach (var rs in owned)
        {
            var rsName = JsonIo.Str(rs["metadata"]!["name"])!;
            if (desired is null)
            {
                _store.TryCommit(_replicaSets, ns, rsName, rs, null, out _);
            }
            else if (rsName != JsonIo.Str(desired["metadata"]!["name"]) && rs["spec"]?["replicas"]?.GetValue<int>() != 0)
            {
                var scaled = rs.DeepClone().AsObject();
                scaled["spec"]!["replicas"] = 0;
                _store.TryCommit(_replicaSets, ns, rsName, rs, scaled, out _);
            }
        }
        if (desired is null)
        {
            return;
        }
        var desiredName = JsonIo.Str(desired["metadata"]!["name"])!;
        var current = _store.Get(_replicaSets, ns, desiredName);
        if (current is null)
        {
            ObjectRules.PrepareCreate(_replicaSets, desired, _time.GetUtcNow());
            ManagedFields.RecordUpdate(null, desired, "kube-controller-manager", _replicaSets.ApiVersion, null, false, _time.GetUtcNow());
            JsonIo.Materialize(desired);
            _store.TryCommit(_replicaSets, ns, desiredName, null, desired, out _);
        }
        else if (!JsonNode.DeepEquals(current["spec"]?["replicas"], desired["spec"]!["replicas"]))
        {
            var scaled = current.DeepClone().AsObject();
            scaled["spec"]!["replicas"] = desired["spec"]!["replicas"]!.DeepClone();
            _store.TryCommit(_replicaSets, ns, desiredName, current, scaled, out _);
        }
    }

    private static JsonObject Desired(JsonObject deployment)
    {
        var meta = deployment["metadata"]!;
        var name = JsonIo.Str(meta["name"])!;
        var template = deployment["spec"]?["template"]?.DeepClone() as JsonObject ?? new JsonObject();
        var hash = TemplateHash(template);
        var templateMeta = template["metadata"] as JsonObject ?? new JsonObject();
        var labels = templateMeta["labels"] as JsonObject ?? new JsonObject();
        labels["pod-template-hash"] = hash;
        templateMeta["labels"] = labels;
        template["metadata"] = templateMeta;
        var selector = deployment["spec"]?["selector"]?.DeepClone() as JsonObject ?? new JsonObject();
        var matchLabels = selector["matchLabels"] as JsonObject ?? new JsonObject();
        matchLabels["pod-template-hash"] = hash;
        selector["matchLabels"] = matchLabels;
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{name}-{hash}",
                ["namespace"] = JsonIo.Str(meta["namespace"]),
                ["labels"] = labels.DeepClone(),
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = name, ["uid"] = JsonIo.Str(meta["uid"]),
                    ["controller"] = true, ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = deployment["spec"]?["replicas"]?.DeepClone() ?? 1,
                ["selector"] = selector,
                ["template"] = template,
            },
        };
    }

    /// <summary>A stable, DNS-safe hash of the pod template (the real controller uses FNV-32a over its Go dump, in safe-encoded form).</summary>
    private static string TemplateHash(JsonObject template)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(template.ToJsonString()));
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return new string([.. bytes.Take(10).Select(b => alphabet[b % alphabet.Length])]);
    }
}
