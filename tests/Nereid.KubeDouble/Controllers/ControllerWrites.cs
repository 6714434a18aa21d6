using System.Text.Json.Nodes;
using Nereid.KubeDouble.Apply;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Server;
using Nereid.KubeDouble.Storage;

namespace Nereid.KubeDouble.Controllers;

/// <summary>How the double's stand-in controllers write as kube-controller-manager: its field manager, an Update entry.</summary>
internal static class ControllerWrites
{
    /// <summary>
    /// Read-modify-write with retry on a concurrent change (controllers' update loop); no write when nothing changes.
    /// <paramref name="subresource"/> names the subresource the real controller writes through (<c>status</c> for
    /// <c>UpdateStatus</c>), which the apiserver records in the managedFields entry.
    /// </summary>
    public static void Change(ObjectStore store, TimeProvider time, ResourceInfo r, string ns, string name, Action<JsonObject> change, string? subresource = null)
    {
        while (store.Get(r, ns, name) is { } current)
        {
            var next = current.DeepClone().AsObject();
            change(next);
            if (ObjectRules.SameContent(current, next))
            {
                return;
            }
            ManagedFields.RecordUpdate(current, next, "kube-controller-manager", r.ApiVersion, subresource, false, time.GetUtcNow());
            JsonIo.Materialize(next);
            if (store.TryCommit(r, ns, name, current, next, out _))
            {
                return;
            }
        }
    }
}
