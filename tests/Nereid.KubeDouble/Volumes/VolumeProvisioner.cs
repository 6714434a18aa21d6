using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nereid.KubeDouble.Apply;
using Nereid.KubeDouble.Controllers;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Quota;
using Nereid.KubeDouble.Server;
using Nereid.KubeDouble.Storage;
using Nereid.KubeDouble.Watch;

namespace Nereid.KubeDouble.Volumes;

/// <summary>
/// Stands in for the external provisioner, the PV controller and the resizer together, so claims behave as on a
/// cluster with a working CSI driver: a Pending claim of an existing class with Immediate binding gets a
/// PersistentVolume <c>pvc-&lt;uid&gt;</c> and is Bound with the requested capacity; a bound claim whose request grows
/// is resized (volume and claim capacity); a deleted claim's volume goes with it under reclaim policy Delete, or is
/// Released under Retain. Classes with <c>WaitForFirstConsumer</c> or the <c>kubernetes.io/no-provisioner</c>
/// provisioner leave claims Pending (no scheduler here picks a node).
/// </summary>
internal sealed partial class VolumeProvisioner(ObjectStore store, ResourceCatalog catalog, TimeProvider time, ILogger logger)
{
    private ResourceInfo Claims => catalog.Find("", "v1", "persistentvolumeclaims")!;

    private ResourceInfo Volumes => catalog.Find("", "v1", "persistentvolumes")!;

    private ResourceInfo Classes => catalog.Find("storage.k8s.io", "v1", "storageclasses")!;

    public async Task RunAsync(CancellationToken ct)
    {
        using var subscription = store.Subscribe(Claims, null, null, out var backlog, out _);
        try
        {
            foreach (var e in backlog)
            {
                Handle(e);
            }
            await foreach (var e in subscription.Events.Reader.ReadAllAsync(ct))
            {
                Handle(e);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The double is shutting down.
        }
    }

    private void Handle(WatchEvent e)
    {
        try
        {
            if (e.Type == "DELETED")
            {
                Reclaim(e.Object);
            }
            else if (JsonIo.Str(e.Object["status"]?["phase"]) == "Pending")
            {
                Provision(e.Namespace, JsonIo.Str(e.Object["metadata"]?["name"])!);
            }
            else
            {
                Resize(e.Namespace, JsonIo.Str(e.Object["metadata"]?["name"])!);
            }
        }
        catch (Exception ex) when (ex is ApiException or InvalidOperationException)
        {
            LogFailed(logger, e.Namespace, JsonIo.Str(e.Object["metadata"]?["name"]) ?? "", ex);
        }
    }

    private void Provision(string ns, string name)
    {
        var claim = store.Get(Claims, ns, name);
        var className = JsonIo.Str(claim?["spec"]?["storageClassName"]);
        if (claim is null || JsonIo.Str(claim["status"]?["phase"]) != "Pending" || className is not { Length: > 0 }
            || store.Get(Classes, "", className) is not { } storageClass
            || JsonIo.Str(storageClass["volumeBindingMode"]) == "WaitForFirstConsumer"
            || JsonIo.Str(storageClass["provisioner"]) == "kubernetes.io/no-provisioner"
            || claim["metadata"]?["deletionTimestamp"] is not null)
        {
            return;
        }
        var uid = JsonIo.Str(claim["metadata"]?["uid"])!;
        var volumeName = "pvc-" + uid;
        var storage = JsonIo.Str(claim["spec"]?["resources"]?["requests"]?["storage"]) ?? "0";
        var accessModes = claim["spec"]?["accessModes"]?.DeepClone() ?? new JsonArray("ReadWriteOnce");
        var volume = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolume",
            ["metadata"] = new JsonObject
            {
                ["name"] = volumeName,
                ["annotations"] = new JsonObject { ["pv.kubernetes.io/provisioned-by"] = JsonIo.Str(storageClass["provisioner"]) },
            },
            ["spec"] = new JsonObject
            {
                ["capacity"] = new JsonObject { ["storage"] = storage },
                ["accessModes"] = accessModes.DeepClone(),
                ["persistentVolumeReclaimPolicy"] = JsonIo.Str(storageClass["reclaimPolicy"]) ?? "Delete",
                ["storageClassName"] = className,
                ["volumeMode"] = JsonIo.Str(claim["spec"]?["volumeMode"]) ?? "Filesystem",
                ["claimRef"] = new JsonObject
                {
                    ["apiVersion"] = "v1", ["kind"] = "PersistentVolumeClaim", ["namespace"] = ns, ["name"] = name, ["uid"] = uid,
                },
                ["csi"] = new JsonObject { ["driver"] = JsonIo.Str(storageClass["provisioner"]), ["volumeHandle"] = volumeName },
            },
        };
        Create(Volumes, volume, new JsonObject { ["phase"] = "Bound" });
        Change(Claims, ns, name, next =>
        {
            next["spec"]!["volumeName"] = volumeName;
            var annotations = next["metadata"]!["annotations"] as JsonObject ?? new JsonObject();
            annotations["pv.kubernetes.io/bind-completed"] = "yes";
            annotations["pv.kubernetes.io/bound-by-controller"] = "yes";
            next["metadata"]!["annotations"] = annotations;
            next["status"] = new JsonObject
            {
                ["phase"] = "Bound",
                ["accessModes"] = accessModes.DeepClone(),
                ["capacity"] = new JsonObject { ["storage"] = storage },
            };
        });
    }

    private void Resize(string ns, string name)
    {
        var claim = store.Get(Claims, ns, name);
        var requested = JsonIo.Str(claim?["spec"]?["resources"]?["requests"]?["storage"]);
        if (claim is null || JsonIo.Str(claim["status"]?["phase"]) != "Bound" || requested is null
            || QuantityValue.Parse(requested) is not { } want || QuantityValue.Parse(JsonIo.Str(claim["status"]?["capacity"]?["storage"])) is not { } have
            || want.Value <= have.Value)
        {
            return;
        }
        if (JsonIo.Str(claim["spec"]?["volumeName"]) is { } volumeName)
        {
            Change(Volumes, "", volumeName, next => next["spec"]!["capacity"] = new JsonObject { ["storage"] = requested });
        }
        Change(Claims, ns, name, next => next["status"]!["capacity"] = new JsonObject { ["storage"] = requested });
    }

    private void Reclaim(JsonObject claim)
    {
        if (JsonIo.Str(claim["spec"]?["volumeName"]) is not { } volumeName || store.Get(Volumes, "", volumeName) is not { } volume)
        {
            return;
        }
        if (JsonIo.Str(volume["spec"]?["persistentVolumeReclaimPolicy"]) == "Delete")
        {
            while (store.Get(Volumes, "", volumeName) is { } current && !store.TryCommit(Volumes, "", volumeName, current, null, out _))
            {
            }
            return;
        }
        Change(Volumes, "", volumeName, next => next["status"] = new JsonObject { ["phase"] = "Released" });
    }

    private void Create(ResourceInfo r, JsonObject obj, JsonObject status)
    {
        var now = time.GetUtcNow();
        ObjectRules.PrepareCreate(r, obj, now);
        obj["status"] = status;
        ManagedFields.RecordUpdate(null, obj, "kube-controller-manager", r.ApiVersion, null, false, now);
        JsonIo.Materialize(obj);
        store.TryCommit(r, "", JsonIo.Str(obj["metadata"]!["name"])!, null, obj, out _);
    }

    private void Change(ResourceInfo r, string ns, string name, Action<JsonObject> change) =>
        ControllerWrites.Change(store, time, r, ns, name, change);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Volume provisioning for claim {Namespace}/{Name} failed")]
    private static partial void LogFailed(ILogger logger, string @namespace, string name, Exception exception);
}
