using System.Text.Json.Nodes;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Rbac;

namespace Nereid.KubeDouble.Admission;

/// <summary>The <c>admission.k8s.io/v1</c> AdmissionReview request kube-apiserver sends a webhook for a create.</summary>
internal static class AdmissionReview
{
    public static JsonObject Request(string uid, ResourceInfo r, string? ns, JsonObject obj, UserInfo user, bool dryRun)
    {
        var kind = new JsonObject { ["group"] = r.Group, ["version"] = r.Version, ["kind"] = r.Kind };
        var resource = new JsonObject { ["group"] = r.Group, ["version"] = r.Version, ["resource"] = r.Plural };
        var request = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = kind,
            ["resource"] = resource,
            ["requestKind"] = kind.DeepClone(),
            ["requestResource"] = resource.DeepClone(),
            ["operation"] = "CREATE",
            ["userInfo"] = new JsonObject
            {
                ["username"] = user.Name,
                ["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)g)]),
            },
            ["object"] = obj.DeepClone(),
            ["oldObject"] = null,
            ["dryRun"] = dryRun,
            ["options"] = new JsonObject { ["apiVersion"] = "meta.k8s.io/v1", ["kind"] = "CreateOptions" },
        };
        // generateName: the name is not chosen yet, so the review carries none (as the apiserver's).
        if (obj["metadata"]?["name"]?.GetValue<string>() is { Length: > 0 } name)
        {
            request["name"] = name;
        }
        if (ns is { Length: > 0 })
        {
            request["namespace"] = ns;
        }
        return new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["request"] = request };
    }
}
