using System.Text.Json.Nodes;
using Nereid.KubeDouble.Rbac;

namespace Nereid.KubeDouble.Server;

public sealed partial class ApiHandler
{
    /// <summary>Access reviews (SEMANTICS.md §12): evaluated by the RBAC authorizer, answered 201, never stored.</summary>
    private async Task ReviewAsync(ApiRequest request, CancellationToken ct)
    {
        var r = request.Resource;
        var review = JsonIo.ParseObject(request.Body);
        ObjectRules.CheckIdentity(r, review, request.Namespace, null);
        var spec = review["spec"] as JsonObject ?? throw Errors.Invalid(r, "", [new Errors.Cause("FieldValueRequired", "Required value", "spec")]);
        UserInfo subject;
        if (r.Plural == "selfsubjectaccessreviews")
        {
            subject = request.User;
        }
        else
        {
            var user = JsonIo.Str(spec["user"]) ?? "";
            var groups = (spec["groups"] as JsonArray ?? []).Select(g => JsonIo.Str(g) ?? "").ToList();
            if (user.Length == 0 && groups.Count == 0)
            {
                throw Errors.Invalid(r, "", [new Errors.Cause("FieldValueRequired", "Required value: at least one of user or group must be specified", "spec.user")]);
            }
            subject = new UserInfo(user, groups);
        }
        RequestAttributes attributes;
        if (spec["resourceAttributes"] is JsonObject ra)
        {
            var ns = JsonIo.Str(ra["namespace"]);
            if (r.Plural == "localsubjectaccessreviews")
            {
                if (ns is { Length: > 0 } && ns != request.Namespace)
                {
                    throw Errors.Invalid(r, "", [new Errors.Cause("FieldValueInvalid", $"Invalid value: \"{ns}\": must match metadata.namespace", "spec.resourceAttributes.namespace")]);
                }
                ns = request.Namespace;
            }
            attributes = new RequestAttributes(JsonIo.Str(ra["verb"]) ?? "", JsonIo.Str(ra["group"]) ?? "", JsonIo.Str(ra["resource"]) ?? "",
                JsonIo.Str(ra["subresource"]) is { Length: > 0 } s ? s : null, ns is { Length: > 0 } ? ns : null, JsonIo.Str(ra["name"]) is { Length: > 0 } n ? n : null, null);
        }
        else if (spec["nonResourceAttributes"] is JsonObject nra)
        {
            attributes = new RequestAttributes(JsonIo.Str(nra["verb"]) ?? "", "", "", null, null, null, JsonIo.Str(nra["path"]) ?? "");
        }
        else
        {
            throw Errors.Invalid(r, "", [new Errors.Cause("FieldValueRequired", "Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified", "spec.resourceAttributes")]);
        }
        // system:masters is allowed before RBAC runs, exactly like the apiserver's privileged-group authorizer.
        var decision = subject.Groups.Contains("system:masters") ? null : _authorizer.Authorize(subject, attributes);
        var allowed = decision is null || decision.Allowed;
        var status = new JsonObject { ["allowed"] = allowed };
        if (decision?.Reason is { Length: > 0 } reason)
        {
            status["reason"] = reason;
        }
        review["status"] = status;
        var meta = review["metadata"]!.AsObject();
        meta["creationTimestamp"] = null;
        await JsonIo.WriteAsync(request.Http, 201, review, ct);
    }
}
