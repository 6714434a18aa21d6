using System.Text.Json.Nodes;
using Nereid.KubeDouble.Apply;

namespace Nereid.KubeDouble.Server;

public sealed partial class ApiHandler
{
    private async Task ApplyAsync(ApiRequest request, CancellationToken ct)
    {
        var r = request.Resource;
        if (request.Query("fieldManager") is not { Length: > 0 } manager)
        {
            var details = new JsonObject
            {
                ["group"] = "meta.k8s.io",
                ["kind"] = "PatchOptions",
                ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueRequired", ["message"] = "Required value: is required for apply patch", ["field"] = "fieldManager" }),
            };
            throw new ApiException(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", details);
        }
        var force = request.QueryFlag("force");
        var applied = JsonIo.ParseObject(request.Body, allowYaml: true);
        ObjectRules.CheckIdentity(r, applied, request.Namespace, request.Name);
        if (JsonIo.Str(applied["metadata"]?["name"]) is not { Length: > 0 })
        {
            applied["metadata"]!["name"] = request.Name;
        }
        _schema.CheckApplied(r, applied);
        var ns = request.Namespace ?? "";
        var name = request.Name!;
        var sub = request.Subresource;
        while (true)
        {
            var current = _store.Get(r, ns, name);
            if (current is null)
            {
                if (sub is not null)
                {
                    throw Errors.NotFound(r, name);
                }
                ObjectRules.ValidateName(r, name, false);
                CheckNamespaceWritable(r, ns, name);
                var created = ServerSideApply.Apply(null, applied, r, manager, force, null, Now);
                ObjectRules.ValidateLabels(r, name, created);
                ObjectRules.PrepareCreate(r, created, Now);
                ObjectRules.Admit(r, created, Now);
                _claims.AdmitCreate(r, created);
                _schema.Check(r, created, request.Query("fieldValidation"), w => AddWarning(request, w));
                JsonIo.Materialize(created);
                if (request.DryRun ? DryRunAdmits(r, ns, name, null, created) : _store.TryCommit(r, ns, name, null, created, out _, () => AdmitAtCommit(r, ns, name, null, created)))
                {
                    await JsonIo.WriteAsync(request.Http, 201, created, ct);
                    return;
                }
                continue;
            }
            var precondition = JsonIo.Str(applied["metadata"]?["resourceVersion"]);
            if (precondition is { Length: > 0 } && precondition != JsonIo.Str(current["metadata"]?["resourceVersion"]))
            {
                throw Errors.Conflict(r, name);
            }
            var next = ServerSideApply.Apply(current, applied, r, manager, force, sub, Now);
            ObjectRules.PrepareUpdate(r, current, next, sub);
            _claims.AdmitUpdate(r, current, next, sub);
            ObjectRules.ValidateLabels(r, name, next);
            _schema.Check(r, next, request.Query("fieldValidation"), w => AddWarning(request, w));
            if (ObjectRules.SameContent(current, next))
            {
                // The no-op apply: nothing is written, so resourceVersion and watchers stay quiet.
                await JsonIo.WriteAsync(request.Http, 200, current, ct);
                return;
            }
            JsonIo.Materialize(next);
            if (request.DryRun)
            {
                next["metadata"]!["resourceVersion"] = current["metadata"]?["resourceVersion"]?.DeepClone();
            }
            var finished = IsFinalized(r, next);
            if (request.DryRun ? DryRunAdmits(r, ns, name, current, next)
                : _store.TryCommit(r, ns, name, current, finished ? null : next, out _, finished ? null : () => _quota.Check(r, ns, name, current, next)))
            {
                await JsonIo.WriteAsync(request.Http, 200, next, ct);
                return;
            }
        }
    }
}
