using System.Text;
using System.Text.Json.Nodes;
using Nereid.Server.Policies;

namespace Nereid.Server.Admission;

/// <summary>
/// The decision of the created-by webhook for one <c>admission.k8s.io/v1</c> AdmissionReview request: always allowed;
/// on CREATE of a Pod, Deployment, StatefulSet, Job or CronJob, a JSONPatch that sets only the
/// <c>nereid.io/created-by</c> annotation to <c>request.userInfo.username</c>. A value already on the object is
/// replaced: whoever creates the object can write any annotation, so only the apiserver's word on the caller counts.
/// An object with a controller owner reference was created by that controller (the ReplicaSet controller for a
/// Deployment's pods, the Job controller for a CronJob's Jobs): its creator is its owner's, so a value there (copied from
/// a user-written template) is removed instead, and nothing is added.
/// </summary>
internal static class CreatedByStamp
{
    private static readonly HashSet<(string Group, string Kind)> Stamped =
        [("", "Pod"), ("apps", "Deployment"), ("apps", "StatefulSet"), ("batch", "Job"), ("batch", "CronJob")];

    /// <summary>The JSON Pointer of the annotation (<c>/</c> in the key escaped as <c>~1</c>).</summary>
    private static readonly string AnnotationPath = "/metadata/annotations/" + WorkloadSnapshot.CreatedByKey.Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>The <c>response</c> object for <paramref name="request"/> (an AdmissionReview's <c>request</c>).</summary>
    public static JsonObject Decide(JsonObject request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new JsonObject { ["uid"] = Str(request["uid"]) ?? "", ["allowed"] = true };
        if (Patch(request) is { } patch)
        {
            response["patchType"] = "JSONPatch";
            response["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(patch.ToJsonString()));
        }
        return response;
    }

    private static JsonArray? Patch(JsonObject request)
    {
        var group = Str(request["kind"]?["group"]) ?? "";
        var kind = Str(request["kind"]?["kind"]) ?? "";
        if (Str(request["operation"]) != "CREATE" || !Stamped.Contains((group, kind)) || request["object"]?["metadata"] is not JsonObject meta)
        {
            return null;
        }
        var annotations = meta["annotations"] as JsonObject;
        var current = Str(annotations?[WorkloadSnapshot.CreatedByKey]);
        var owned = meta["ownerReferences"] is JsonArray refs && refs.Any(r => r?["controller"]?.GetValue<bool>() == true);
        if (owned)
        {
            return current is null ? null : [new JsonObject { ["op"] = "remove", ["path"] = AnnotationPath }];
        }
        var username = Str(request["userInfo"]?["username"]);
        if (username is not { Length: > 0 } || current == username)
        {
            return null;
        }
        // JSON Patch "add" on an existing member replaces it (RFC 6902 §4.1); without annotations, add the whole map.
        return annotations is null
            ? [new JsonObject { ["op"] = "add", ["path"] = "/metadata/annotations", ["value"] = new JsonObject { [WorkloadSnapshot.CreatedByKey] = username } }]
            : [new JsonObject { ["op"] = "add", ["path"] = AnnotationPath, ["value"] = username }];
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
