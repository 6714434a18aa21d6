using System.Text.Json.Nodes;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Quota;
using Nereid.KubeDouble.Server;
using Nereid.KubeDouble.Storage;

namespace Nereid.KubeDouble.Defaulting;

/// <summary>
/// PersistentVolumeClaim rules on create and update: the DefaultStorageClass plugin (a claim without a class gets
/// the default one), phase Pending on create, and on update the resize rules — only a bound claim may change its
/// request, never below its capacity, and growing needs a class with <c>allowVolumeExpansion</c>
/// (PersistentVolumeClaimResize plugin).
/// </summary>
internal sealed class VolumeClaimAdmission(ObjectStore store, ResourceCatalog catalog)
{
    public const string DefaultClassAnnotation = "storageclass.kubernetes.io/is-default-class";

    public static bool IsClaim(ResourceInfo r) => r.Plural == "persistentvolumeclaims" && r.Group.Length == 0;

    public void AdmitCreate(ResourceInfo r, JsonObject claim)
    {
        if (!IsClaim(r))
        {
            return;
        }
        var spec = claim["spec"] as JsonObject;
        if (spec is not null && !spec.ContainsKey("storageClassName") && DefaultClass() is { } name)
        {
            spec["storageClassName"] = name;
        }
        claim["status"] = new JsonObject { ["phase"] = "Pending" };
    }

    public void AdmitUpdate(ResourceInfo r, JsonObject current, JsonObject next, string? subresource)
    {
        if (!IsClaim(r) || subresource is not null)
        {
            return;
        }
        var name = JsonIo.Str(next["metadata"]?["name"]) ?? "";
        var before = Storage(current);
        var after = Storage(next);
        if (before is null || after is null || after.Value.Value == before.Value.Value)
        {
            return;
        }
        if (JsonIo.Str(current["status"]?["phase"]) != "Bound")
        {
            throw Errors.Invalid(r, name, [new Errors.Cause("FieldValueForbidden",
                "Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims", "spec")]);
        }
        var capacity = QuantityValue.Parse(JsonIo.Str(current["status"]?["capacity"]?["storage"]));
        if (capacity is { } c && after.Value.Value < c.Value)
        {
            throw Errors.Invalid(r, name, [new Errors.Cause("FieldValueForbidden",
                "Forbidden: field can not be less than status.capacity", "spec.resources.requests.storage")]);
        }
        if (after.Value.Value > before.Value.Value && !AllowsExpansion(JsonIo.Str(current["spec"]?["storageClassName"])))
        {
            throw Errors.Forbidden(r, $"{r.QualifiedName} \"{name}\"", name,
                "only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize");
        }
    }

    private static QuantityValue? Storage(JsonObject claim) =>
        QuantityValue.Parse(JsonIo.Str(claim["spec"]?["resources"]?["requests"]?["storage"]));

    private bool AllowsExpansion(string? className) =>
        className is { Length: > 0 } && store.Get(Classes, "", className)?["allowVolumeExpansion"]?.GetValue<bool>() == true;

    /// <summary>The default class; with several, the newest (as since 1.28), ties by name.</summary>
    private string? DefaultClass() =>
        store.List(Classes, null).Items.Select(kv => kv.Value)
            .Where(c => JsonIo.Str(c["metadata"]?["annotations"]?[DefaultClassAnnotation]) == "true")
            .OrderByDescending(c => JsonIo.Str(c["metadata"]?["creationTimestamp"]), StringComparer.Ordinal)
            .ThenBy(c => JsonIo.Str(c["metadata"]?["name"]), StringComparer.Ordinal)
            .Select(c => JsonIo.Str(c["metadata"]?["name"]))
            .FirstOrDefault();

    private ResourceInfo Classes => catalog.Find("storage.k8s.io", "v1", "storageclasses")!;
}
