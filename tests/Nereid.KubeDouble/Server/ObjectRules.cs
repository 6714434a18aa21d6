using System.Text.Json.Nodes;
using Nereid.KubeDouble.Apply;
using Nereid.KubeDouble.CustomResources;
using Nereid.KubeDouble.Defaulting;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Storage;

namespace Nereid.KubeDouble.Server;

/// <summary>What the registry strategies do to an object on create and update: defaults, immutable metadata, generation.</summary>
public static class ObjectRules
{
    /// <summary>Checks apiVersion/kind/name/namespace of a body against the URL and the resource.</summary>
    public static void CheckIdentity(ResourceInfo r, JsonObject obj, string? urlNamespace, string? urlName)
    {
        var apiVersion = JsonIo.Str(obj["apiVersion"]);
        var kind = JsonIo.Str(obj["kind"]);
        if (apiVersion is null || kind is null)
        {
            throw Errors.BadRequest($"Object 'Kind' is missing in '{Truncate(obj.ToJsonString())}'");
        }
        if (apiVersion != r.ApiVersion || kind != r.Kind)
        {
            throw Errors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({r.ApiVersion})" + (kind != r.Kind ? $" or kind {kind} is not {r.Kind}" : ""));
        }
        if (obj["metadata"] is not JsonObject meta)
        {
            obj["metadata"] = meta = new JsonObject();
        }
        var bodyNs = JsonIo.Str(meta["namespace"]);
        if (r.Namespaced)
        {
            if (bodyNs is { Length: > 0 } && bodyNs != urlNamespace)
            {
                throw Errors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            meta["namespace"] = urlNamespace;
        }
        else
        {
            meta.Remove("namespace");
        }
        var bodyName = JsonIo.Str(meta["name"]);
        if (urlName is not null && bodyName is { Length: > 0 } && bodyName != urlName)
        {
            throw Errors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({urlName})");
        }
    }

    public static void ValidateName(ResourceInfo r, string name, bool generated)
    {
        if (name.Length == 0)
        {
            throw Errors.Invalid(r, "", [new Errors.Cause("FieldValueRequired", "Required value: name or generateName is required", "metadata.name")]);
        }
        IEnumerable<string> problems = r.Group == "rbac.authorization.k8s.io"
            ? PathSegmentProblems(name)
            : r.Plural is "namespaces" or "services" ? Names.ValidateLabel(name) : Names.ValidateSubdomain(name);
        var list = problems.ToList();
        if (list.Count > 0)
        {
            throw Names.InvalidName(r, name, list);
        }
        _ = generated;
    }

    public static void ValidateLabels(ResourceInfo r, string name, JsonObject obj)
    {
        if (obj["metadata"]?["labels"] is not JsonObject labels)
        {
            return;
        }
        var problems = Names.ValidateLabels(labels.Select(kv => new KeyValuePair<string, string?>(kv.Key, JsonIo.Str(kv.Value)))).ToList();
        if (problems.Count > 0)
        {
            throw Errors.Invalid(r, name, [.. problems.Select(p => new Errors.Cause("FieldValueInvalid", $"Invalid value: \"{p.Value}\": {p.Message}", p.Field))]);
        }
    }

    /// <summary>Server-set metadata and per-kind defaults for a new object.</summary>
    public static void PrepareCreate(ResourceInfo r, JsonObject obj, DateTimeOffset now)
    {
        var meta = obj["metadata"]!.AsObject();
        foreach (var key in new[] { "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "selfLink" })
        {
            meta.Remove(key);
        }
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = ManagedFields.Timestamp(now);
        // Custom resources always carry a generation (the CRD strategy), built-ins only when they have a spec.
        if (obj.ContainsKey("spec") || r.IsCustom)
        {
            meta["generation"] = 1L;
        }
        if (r.HasStatus)
        {
            obj.Remove("status");
        }
        ApplySchemeDefaults(r, obj);
        if (r.Plural == "namespaces")
        {
            var name = JsonIo.Str(meta["name"])!;
            var labels = meta["labels"] as JsonObject ?? new JsonObject();
            labels["kubernetes.io/metadata.name"] = name;
            meta["labels"] = labels;
            obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Active" };
            meta.Remove("generation");
        }
    }

    /// <summary>
    /// The scheme defaults every decoded object gets (before the field manager, so the writer owns them).
    /// Only core/v1 Pods have defaults here (see Defaulting/).
    /// </summary>
    public static void ApplySchemeDefaults(ResourceInfo r, JsonObject obj)
    {
        if (r.Plural == "pods" && r.Group.Length == 0)
        {
            PodDefaults.Apply(obj);
        }
    }

    /// <summary>
    /// The default admission chain and create strategy for a new object, after the field manager (so the writer does not
    /// own what admission adds): pods get their service account, priority, default tolerations, phase and QoS class.
    /// </summary>
    public static void Admit(ResourceInfo r, JsonObject obj, DateTimeOffset now)
    {
        if (r.Plural == "customresourcedefinitions" && r.Group == "apiextensions.k8s.io")
        {
            CrdRules.Validate(r, obj);
            obj["status"] = CrdStatus.Accepted(obj, now);
        }
        if (r.Plural == "pods" && r.Group.Length == 0)
        {
            PodAdmission.Apply(obj);
        }
    }

    /// <summary>Carries immutable and server-owned fields over from the stored object and bumps generation.</summary>
    public static void PrepareUpdate(ResourceInfo r, JsonObject current, JsonObject next, string? subresource)
    {
        ApplySchemeDefaults(r, next);
        var meta = next["metadata"]!.AsObject();
        var old = current["metadata"]!.AsObject();
        foreach (var key in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "name" })
        {
            if (old[key] is { } v)
            {
                meta[key] = v.DeepClone();
            }
            else
            {
                meta.Remove(key);
            }
        }
        if (r.HasStatus || r.Plural == "namespaces")
        {
            if (subresource == "status")
            {
                // /status changes only status (metadata labels/annotations excepted).
                foreach (var key in current.Select(kv => kv.Key).ToList())
                {
                    if (key is not ("status" or "metadata"))
                    {
                        next[key] = current[key]!.DeepClone();
                    }
                }
            }
            else if (subresource == "finalize")
            {
                var finalizers = next["spec"]?["finalizers"]?.DeepClone();
                foreach (var key in current.Select(kv => kv.Key).ToList())
                {
                    if (key != "metadata")
                    {
                        next[key] = current[key]!.DeepClone();
                    }
                }
                next["spec"]!["finalizers"] = finalizers ?? new JsonArray();
            }
            else if (current["status"] is { } status)
            {
                next["status"] = status.DeepClone();
            }
            else
            {
                next.Remove("status");
            }
        }
        if (r.Plural == "namespaces" && subresource != "finalize")
        {
            next["spec"] = current["spec"]?.DeepClone();
            var labels = meta["labels"] as JsonObject ?? new JsonObject();
            labels["kubernetes.io/metadata.name"] = JsonIo.Str(meta["name"]);
            meta["labels"] = labels;
        }
        if (old["generation"] is not null && SpecChanged(current, next))
        {
            meta["generation"] = long.Parse(old["generation"]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) + 1;
        }
        if (old["deletionTimestamp"] is not null)
        {
            var before = (old["finalizers"] as JsonArray ?? []).Select(f => JsonIo.Str(f)).ToHashSet();
            var added = (meta["finalizers"] as JsonArray ?? []).Select(f => JsonIo.Str(f)).Where(f => !before.Contains(f)).ToList();
            if (added.Count > 0)
            {
                throw Errors.Invalid(r, JsonIo.Str(meta["name"])!, [new Errors.Cause("FieldValueForbidden", "Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers " + string.Join(", ", added.Select(a => $"\"{a}\"")), "metadata.finalizers")]);
            }
        }
    }

    /// <summary>Content equality ignoring resourceVersion and managedFields timestamps (the no-op write test).</summary>
    public static bool SameContent(JsonObject a, JsonObject b)
    {
        var x = a.DeepClone().AsObject();
        var y = b.DeepClone().AsObject();
        foreach (var o in new[] { x, y })
        {
            var meta = o["metadata"]!.AsObject();
            meta.Remove("resourceVersion");
            if (meta["managedFields"] is JsonArray mf)
            {
                foreach (var e in mf.OfType<JsonObject>())
                {
                    e.Remove("time");
                }
            }
        }
        return JsonNode.DeepEquals(x, y);
    }

    private static bool SpecChanged(JsonObject a, JsonObject b)
    {
        foreach (var key in a.Select(kv => kv.Key).Union(b.Select(kv => kv.Key)).Distinct())
        {
            if (key is "metadata" or "status" or "apiVersion" or "kind")
            {
                continue;
            }
            if (!JsonNode.DeepEquals(a[key], b[key]))
            {
                return true;
            }
        }
        return false;
    }

    private static IEnumerable<string> PathSegmentProblems(string name)
    {
        if (name is "." or "..")
        {
            yield return $"may not be '{name}'";
        }
        if (name.Contains('/') || name.Contains('%'))
        {
            yield return "may not contain '/' or '%'";
        }
    }

    private static string Truncate(string s) => s.Length > 100 ? s[..100] : s;
}
