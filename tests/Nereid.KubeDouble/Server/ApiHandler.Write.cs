using System.Text.Json.Nodes;
using Nereid.KubeDouble.Apply;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Storage;

namespace Nereid.KubeDouble.Server;

public sealed partial class ApiHandler
{
    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    private async Task CreateAsync(ApiRequest request, CancellationToken ct)
    {
        var r = request.Resource;
        var template = JsonIo.ParseObject(request.Body);
        ObjectRules.CheckIdentity(r, template, request.Namespace, null);
        // Mutating admission (webhooks) sees the request after authorization and before validation and storage.
        template = await _webhooks.AdmitCreateAsync(r, request.Namespace, template, request.User, request.DryRun, ct);
        ObjectRules.CheckIdentity(r, template, request.Namespace, null);
        var (obj, status) = CreateObject(request, template);
        await JsonIo.WriteAsync(request.Http, status, obj, ct);
    }

    /// <summary>Create with generateName retries (up to 8 clashes, as since v1.31).</summary>
    private (JsonObject Object, int Status) CreateObject(ApiRequest request, JsonObject template)
    {
        var r = request.Resource;
        var meta = template["metadata"]!.AsObject();
        var fixedName = JsonIo.Str(meta["name"]);
        var prefix = JsonIo.Str(meta["generateName"]);
        for (var attempt = 0; ; attempt++)
        {
            var obj = template.DeepClone().AsObject();
            var name = fixedName is { Length: > 0 } ? fixedName : prefix is { Length: > 0 } ? Names.Generate(prefix) : "";
            obj["metadata"]!["name"] = name;
            var ns = request.Namespace ?? "";
            ObjectRules.ValidateName(r, name, fixedName is not { Length: > 0 });
            CheckNamespaceWritable(r, ns, name);
            ObjectRules.ValidateLabels(r, name, obj);
            ObjectRules.PrepareCreate(r, obj, Now);
            _schema.Check(r, obj, request.Query("fieldValidation"), w => AddWarning(request, w));
            ManagedFields.RecordUpdate(null, obj, request.FieldManager, r.ApiVersion, null, r.HasStatus, Now);
            ObjectRules.Admit(r, obj, Now);
            _claims.AdmitCreate(r, obj);
            JsonIo.Materialize(obj);
            // A dry run answers what the create would return (no resourceVersion yet) but still meets name clashes.
            // The namespace check is repeated at commit: a create admitted just before the namespace began terminating
            // must not land after the namespace controller's last pass (content left behind, as namespace lifecycle
            // admission prevents).
            // Quota admission runs under the commit lock, so two creates cannot both take the last of a quota.
            if (request.DryRun ? DryRunAdmits(r, ns, name, null, obj) && _store.Get(r, ns, name) is null
                : _store.TryCommit(r, ns, name, null, obj, out _, () => AdmitAtCommit(r, ns, name, null, obj)))
            {
                return (obj, 201);
            }
            if (fixedName is { Length: > 0 } || attempt >= 7)
            {
                throw Errors.AlreadyExists(r, name);
            }
        }
    }

    private void CheckNamespaceWritable(ResourceInfo r, string ns, string name)
    {
        if (!r.Namespaced)
        {
            return;
        }
        var nsResource = _catalog.Find("", "v1", "namespaces")!;
        var namespaceObj = _store.Get(nsResource, "", ns) ?? throw Errors.NotFound(nsResource, ns);
        if (namespaceObj["metadata"]?["deletionTimestamp"] is not null)
        {
            var e = Errors.Forbidden(r, $"{r.QualifiedName} \"{name}\"", name, $"unable to create new content in namespace {ns} because it is being terminated");
            e.Details!["causes"] = new JsonArray(new JsonObject
            {
                ["reason"] = "NamespaceTerminating",
                ["message"] = $"namespace {ns} is being terminated",
                ["field"] = "metadata.namespace",
            });
            throw e;
        }
    }

    private async Task UpdateAsync(ApiRequest request, CancellationToken ct)
    {
        var r = request.Resource;
        var body = JsonIo.ParseObject(request.Body);
        ObjectRules.CheckIdentity(r, body, request.Namespace, request.Name);
        var precondition = JsonIo.Str(body["metadata"]?["resourceVersion"]);
        var result = Mutate(request, current =>
        {
            if (precondition is { Length: > 0 } && precondition != JsonIo.Str(current["metadata"]?["resourceVersion"]))
            {
                throw Errors.Conflict(r, request.Name!);
            }
            return body.DeepClone().AsObject();
        }, "Update");
        await JsonIo.WriteAsync(request.Http, 200, result, ct);
    }

    private async Task PatchAsync(ApiRequest request, CancellationToken ct)
    {
        var r = request.Resource;
        var contentType = (request.Http.Request.ContentType ?? "").Split(';')[0].Trim();
        var isApply = contentType == "application/apply-patch+yaml";
        if (!isApply && request.Query("force") is not null)
        {
            throw Errors.Invalid(r, request.Name!, [new Errors.Cause("FieldValueForbidden", "Forbidden: may not be specified for non-apply patch", "force")]);
        }
        if (isApply)
        {
            await ApplyAsync(request, ct);
            return;
        }
        var patch = JsonIo.ParseBody(request.Body, false);
        var result = Mutate(request, current =>
        {
            JsonNode? patched = current.DeepClone();
            switch (contentType)
            {
                case "application/merge-patch+json":
                    patched = Patches.MergePatch(patched, patch);
                    break;
                case "application/strategic-merge-patch+json":
                    StructuredMerge.Merge(patched!.AsObject(), patch as JsonObject ?? throw Errors.BadRequest("strategic merge patch must be an object"), null, strategic: true);
                    break;
                case "application/json-patch+json":
                    patched = Patches.JsonPatch(patched, patch as JsonArray ?? throw Errors.BadRequest("json patch must be an array"));
                    break;
                default:
                    throw Errors.UnsupportedMediaType(contentType);
            }
            var next = patched as JsonObject ?? throw Errors.BadRequest("patch result is not an object");
            var precondition = patch is JsonObject po ? JsonIo.Str(po["metadata"]?["resourceVersion"]) : null;
            if (precondition is { Length: > 0 } && precondition != JsonIo.Str(current["metadata"]?["resourceVersion"]))
            {
                throw Errors.Conflict(r, request.Name!);
            }
            ObjectRules.CheckIdentity(r, next, request.Namespace, request.Name);
            return next;
        }, "Update");
        await JsonIo.WriteAsync(request.Http, 200, result, ct);
    }

    /// <summary>
    /// The read-modify-write loop shared by update and patch: computes outside the store's lock and retries when
    /// another writer committed first. A write that changes nothing is not stored (resourceVersion unchanged).
    /// </summary>
    private JsonObject Mutate(ApiRequest request, Func<JsonObject, JsonObject> change, string operation)
    {
        var r = request.Resource;
        var ns = request.Namespace ?? "";
        while (true)
        {
            var current = _store.Get(r, ns, request.Name!) ?? throw Errors.NotFound(r, request.Name!);
            var next = change(current);
            ObjectRules.PrepareUpdate(r, current, next, request.Subresource);
            _claims.AdmitUpdate(r, current, next, request.Subresource);
            if (operation == "Update")
            {
                ObjectRules.ValidateLabels(r, request.Name!, next);
                _schema.Check(r, next, request.Query("fieldValidation"), w => AddWarning(request, w));
                var sub = request.Subresource is "status" ? "status" : null;
                ManagedFields.RecordUpdate(current, next, request.FieldManager, r.ApiVersion, sub, r.HasStatus && sub is null, Now);
            }
            if (ObjectRules.SameContent(current, next))
            {
                return current;
            }
            var finished = IsFinalized(r, next);
            JsonIo.Materialize(next);
            if (request.DryRun && DryRunAdmits(r, ns, request.Name!, current, next))
            {
                // Nothing is stored, so the answer keeps the stored resourceVersion.
                next["metadata"]!["resourceVersion"] = current["metadata"]?["resourceVersion"]?.DeepClone();
                return next;
            }
            if (_store.TryCommit(r, ns, request.Name!, current, finished ? null : next, out _, finished ? null : () => _quota.Check(r, ns, request.Name!, current, next)))
            {
                return next;
            }
        }
    }

    /// <summary>A deleting object whose finalizers are all gone disappears (namespaces also wait for spec.finalizers).</summary>
    private static bool IsFinalized(ResourceInfo r, JsonObject obj)
    {
        if (obj["metadata"]?["deletionTimestamp"] is null || obj["metadata"]?["finalizers"] is JsonArray { Count: > 0 })
        {
            return false;
        }
        return r.Plural != "namespaces" || obj["spec"]?["finalizers"] is not JsonArray { Count: > 0 };
    }

    /// <summary>Namespace lifecycle and quota admission of a create, run under the store's commit lock.</summary>
    private void AdmitAtCommit(ResourceInfo r, string ns, string name, JsonObject? current, JsonObject next)
    {
        CheckNamespaceWritable(r, ns, name);
        _quota.Check(r, ns, name, current, next);
    }

    /// <summary>A dry run meets the same quota admission (it throws when refused); true otherwise.</summary>
    private bool DryRunAdmits(ResourceInfo r, string ns, string name, JsonObject? current, JsonObject next)
    {
        _quota.Check(r, ns, name, current, next);
        return true;
    }

    private static void AddWarning(ApiRequest request, string warning) =>
        request.Http.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
}
