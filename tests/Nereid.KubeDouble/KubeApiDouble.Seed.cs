using System.Text.Json.Nodes;
using Nereid.KubeDouble.Apply;
using Nereid.KubeDouble.CustomResources;
using Nereid.KubeDouble.Rbac;
using Nereid.KubeDouble.Server;

namespace Nereid.KubeDouble;

public sealed partial class KubeApiDouble
{
    /// <summary>Stores the bootstrap RBAC policy, the default namespaces, the definitions <paramref name="crds"/> (accepted), then <paramref name="seeds"/>.</summary>
    private void Seed(IEnumerable<JsonObject> crds, IEnumerable<JsonObject> seeds)
    {
        var now = _options.TimeProvider.GetUtcNow();
        var defaults = new List<JsonObject>();
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            defaults.Add(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });
        }
        defaults.AddRange(BootstrapPolicy.ClusterRoles().Select(o => o.DeepClone().AsObject()));
        defaults.AddRange(BootstrapPolicy.ClusterRoleBindings().Select(o => o.DeepClone().AsObject()));
        foreach (var crd in crds)
        {
            var accepted = crd.DeepClone().AsObject();
            accepted["status"] = CrdStatus.Accepted(accepted, now);
            defaults.Add(accepted);
        }
        foreach (var obj in defaults.Concat(seeds.Select(s => s.DeepClone().AsObject())))
        {
            SeedObject(obj, now);
        }
    }

    /// <summary>
    /// Stores one object as if created by the apiserver itself (no validation, no RBAC); replaces an existing one. A seed
    /// stands for state a cluster already reached, so a <c>creationTimestamp</c> it gives is kept (aged workloads for
    /// manual trials), as is its status.
    /// </summary>
    public void SeedObject(JsonObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var r = Catalog.FindKind(JsonIo.Str(obj["apiVersion"]) ?? "", JsonIo.Str(obj["kind"]) ?? "")
            ?? throw new ArgumentException($"unsupported seed object {obj["apiVersion"]}/{obj["kind"]}", nameof(obj));
        var ns = r.Namespaced ? JsonIo.Str(obj["metadata"]?["namespace"]) ?? "default" : "";
        ObjectRules.CheckIdentity(r, obj, r.Namespaced ? ns : null, null);
        var status = obj["status"]?.DeepClone();
        var created = JsonIo.Str(obj["metadata"]?["creationTimestamp"]) is { } text
            && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at : (DateTimeOffset?)null;
        ObjectRules.PrepareCreate(r, obj, now);
        if (created is { } seededAt)
        {
            obj["metadata"]!["creationTimestamp"] = ManagedFields.Timestamp(seededAt);
        }
        ObjectRules.Admit(r, obj, now);
        if (r.Plural != "namespaces" || status is not null)
        {
            // A seed stands for state a cluster already reached: its status is what the seed says (none if none),
            // not the Pending a fresh create gets.
            obj.Remove("status");
            if (status is not null)
            {
                obj["status"] = status;
            }
        }
        ManagedFields.RecordUpdate(null, obj, "kube-apiserver", r.ApiVersion, null, false, now);
        JsonIo.Materialize(obj);
        var name = JsonIo.Str(obj["metadata"]!["name"])!;
        while (!Store.TryCommit(r, ns, name, Store.Get(r, ns, name), obj, out _))
        {
        }
    }
}
