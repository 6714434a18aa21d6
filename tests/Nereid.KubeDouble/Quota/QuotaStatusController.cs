using System.Text.Json.Nodes;
using System.Threading.Channels;
using Nereid.KubeDouble.Controllers;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Server;
using Nereid.KubeDouble.Storage;
using Nereid.KubeDouble.Watch;

namespace Nereid.KubeDouble.Quota;

/// <summary>
/// Stands in for kube-controller-manager's resource quota controller, for the claim evaluator only: whenever a
/// ResourceQuota or a PersistentVolumeClaim of a namespace changes, each quota there gets <c>status.hard</c> = its
/// <c>spec.hard</c> and <c>status.used</c> = what the namespace's claims count for each hard key the claim evaluator
/// covers (<see cref="VolumeClaimUsage.Counts"/>; <c>0</c> when none). Keys of other evaluators (pods, object counts) are
/// left out of <c>status.used</c> rather than reported as 0, since nothing here counts them.
/// </summary>
internal sealed class QuotaStatusController
{
    private readonly ObjectStore _store;
    private readonly ResourceInfo _quotas;
    private readonly ResourceInfo _claims;
    private readonly TimeProvider _time;
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();

    public QuotaStatusController(ObjectStore store, ResourceCatalog catalog, TimeProvider time)
    {
        _store = store;
        _quotas = catalog.Find("", "v1", "resourcequotas")!;
        _claims = catalog.Find("", "v1", "persistentvolumeclaims")!;
        _time = time;
    }

    /// <summary>Called under the store's commit lock: only queues the namespace.</summary>
    public void OnCommitted(WatchEvent e)
    {
        if (e.Resource.StorageKey == _quotas.StorageKey || e.Resource.StorageKey == _claims.StorageKey)
        {
            _queue.Writer.TryWrite(e.Namespace);
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        foreach (var ns in _store.List(_quotas, null).Items.Select(kv => JsonIo.Str(kv.Value["metadata"]?["namespace"]) ?? "").Distinct(StringComparer.Ordinal))
        {
            _queue.Writer.TryWrite(ns);
        }
        try
        {
            await foreach (var ns in _queue.Reader.ReadAllAsync(ct))
            {
                Sync(ns);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The double is shutting down.
        }
    }

    private void Sync(string ns)
    {
        var quotas = _store.List(_quotas, ns).Items;
        if (quotas.Count == 0)
        {
            return;
        }
        var used = VolumeClaimUsage.Sum(_store, _claims, ns);
        foreach (var (_, quota) in quotas)
        {
            ControllerWrites.Change(_store, _time, _quotas, ns, JsonIo.Str(quota["metadata"]?["name"])!, next =>
            {
                var hard = next["spec"]?["hard"] as JsonObject ?? new JsonObject();
                var counted = new JsonObject();
                foreach (var (resource, _) in hard.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (VolumeClaimUsage.Counts(resource))
                    {
                        counted[resource] = used.TryGetValue(resource, out var value) ? value.ToString() : "0";
                    }
                }
                next["status"] = new JsonObject { ["hard"] = hard.DeepClone(), ["used"] = counted };
            }, subresource: "status"); // the resource quota controller writes with UpdateStatus
        }
    }
}
