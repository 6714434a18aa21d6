using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nereid.KubeDouble.Apply;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Storage;

namespace Nereid.KubeDouble.Server;

public sealed partial class ApiHandler
{
    private async Task DeleteAsync(ApiRequest request, CancellationToken ct)
    {
        var options = request.Body.Length > 0 ? JsonIo.ParseObject(request.Body) : null;
        var dryRun = request.DryRun || DryRunOption.Read("delete", DryRunOption.FromDeleteOptions(options));
        var (status, body) = DeleteOne(request.Resource, request.Namespace ?? "", request.Name!, options, dryRun);
        await JsonIo.WriteAsync(request.Http, status, body, ct);
    }

    private (int Status, JsonObject Body) DeleteOne(ResourceInfo r, string ns, string name, JsonObject? options, bool dryRun)
    {
        while (true)
        {
            var current = _store.Get(r, ns, name) ?? throw Errors.NotFound(r, name);
            var meta = current["metadata"]!;
            if (options?["preconditions"] is JsonObject pre)
            {
                if (JsonIo.Str(pre["uid"]) is { } uid && uid != JsonIo.Str(meta["uid"]))
                {
                    throw Errors.ConflictMessage(r, name, $"Operation cannot be fulfilled on {r.QualifiedName} \"{name}\": Precondition failed: UID in precondition: {uid}, UID in object meta: {JsonIo.Str(meta["uid"])}");
                }
                if (JsonIo.Str(pre["resourceVersion"]) is { } rv && rv != JsonIo.Str(meta["resourceVersion"]))
                {
                    throw Errors.ConflictMessage(r, name, $"Operation cannot be fulfilled on {r.QualifiedName} \"{name}\": Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {JsonIo.Str(meta["resourceVersion"])}");
                }
            }
            var isNamespace = r.Plural == "namespaces" && r.Group.Length == 0;
            var hasFinalizers = meta["finalizers"] is JsonArray { Count: > 0 } || (isNamespace && current["spec"]?["finalizers"] is JsonArray { Count: > 0 });
            if (meta["deletionTimestamp"] is not null)
            {
                if (isNamespace)
                {
                    throw Errors.ConflictMessage(r, name, $"Operation cannot be fulfilled on namespaces \"{name}\": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.");
                }
                return (200, current);
            }
            if (hasFinalizers)
            {
                var marked = current.DeepClone().AsObject();
                marked["metadata"]!["deletionTimestamp"] = ManagedFields.Timestamp(Now);
                marked["metadata"]!["deletionGracePeriodSeconds"] = 0;
                if (isNamespace)
                {
                    marked["status"] = new JsonObject { ["phase"] = "Terminating" };
                }
                JsonIo.Materialize(marked);
                if (dryRun)
                {
                    // The would-be marked object, resourceVersion unchanged.
                    return (200, marked);
                }
                if (!_store.TryCommit(r, ns, name, current, marked, out _))
                {
                    continue;
                }
                if (isNamespace)
                {
                    _ = Task.Run(() => FinalizeNamespaceAsync(name, _lifetime), CancellationToken.None);
                }
                return (200, marked);
            }
            if (!dryRun && !_store.TryCommit(r, ns, name, current, null, out _))
            {
                continue;
            }
            // Most registries answer a Status; pods (and a few others) return the deleted object.
            if (r.Plural == "pods")
            {
                return (200, current);
            }
            var details = Errors.Details(r, name);
            details["uid"] = JsonIo.Str(meta["uid"]);
            return (200, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success", ["details"] = details });
        }
    }

    private async Task DeleteCollectionAsync(ApiRequest request, CancellationToken ct)
    {
        var r = request.Resource;
        var labels = LabelSelector.Parse(request.Query("labelSelector"));
        var fields = FieldSelector.Parse(request.Query("fieldSelector"), r);
        var options = request.Body.Length > 0 ? JsonIo.ParseObject(request.Body) : null;
        var dryRun = request.DryRun || DryRunOption.Read("deletecollection", DryRunOption.FromDeleteOptions(options));
        var deleted = new JsonArray();
        foreach (var (_, obj) in _store.List(r, request.Namespace).Items)
        {
            if (labels.Matches(obj) && fields.Matches(obj))
            {
                var ns = JsonIo.Str(obj["metadata"]?["namespace"]) ?? "";
                var name = JsonIo.Str(obj["metadata"]?["name"])!;
                try
                {
                    DeleteOne(r, ns, name, null, dryRun);
                    deleted.Add(obj.DeepClone());
                }
                catch (ApiException e) when (e.Code == 404)
                {
                    // Deleted concurrently: the collection delete still succeeds, as in the real registry.
                }
            }
        }
        var list = new JsonObject { ["kind"] = r.Kind + "List", ["apiVersion"] = r.ApiVersion, ["metadata"] = new JsonObject { ["resourceVersion"] = _store.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ["items"] = deleted };
        await JsonIo.WriteAsync(request.Http, 200, list, ct);
    }

    /// <summary>
    /// The namespace controller, simplified: after a short delay, deletes every namespaced object in the namespace
    /// (marking those with finalizers and waiting for them), then clears spec.finalizers so the namespace vanishes.
    /// </summary>
    private async Task FinalizeNamespaceAsync(string ns, CancellationToken ct)
    {
        try
        {
            await Task.Delay(_options.NamespaceFinalizeDelay, _options.TimeProvider, ct);
            var nsResource = _catalog.Find("", "v1", "namespaces")!;
            while (!ct.IsCancellationRequested)
            {
                var remaining = 0;
                foreach (var r in _catalog.All.Where(x => x.Namespaced && !x.IsReview))
                {
                    foreach (var (_, obj) in _store.List(r, ns).Items)
                    {
                        remaining++;
                        try
                        {
                            DeleteOne(r, ns, JsonIo.Str(obj["metadata"]?["name"])!, null, false);
                        }
                        catch (ApiException e) when (e.Code is 404 or 409)
                        {
                            // Gone or changed meanwhile; the next pass sees the current state.
                        }
                    }
                }
                if (remaining == 0)
                {
                    break;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(50), _options.TimeProvider, ct);
            }
            while (_store.Get(nsResource, "", ns) is { } current)
            {
                var next = current.DeepClone().AsObject();
                next["spec"] = new JsonObject { ["finalizers"] = new JsonArray() };
                JsonIo.Materialize(next);
                if (_store.TryCommit(nsResource, "", ns, current, IsFinalized(nsResource, next) ? null : next, out _))
                {
                    break;
                }
            }
            LogNamespaceFinalized(_logger, ns);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The double is shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Namespace {Namespace} finalized")]
    private static partial void LogNamespaceFinalized(ILogger logger, string @namespace);
}
