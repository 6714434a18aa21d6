using Microsoft.AspNetCore.Http;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Rbac;

namespace Nereid.KubeDouble.Server;

public sealed partial class ApiHandler
{
    private async Task RouteAsync(HttpContext ctx, UserInfo? user, byte[] body, CancellationToken ct)
    {
        var path = ctx.Request.Path.Value ?? "/";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (path is "/version" or "/version/" or "/healthz" or "/livez" or "/readyz")
        {
            // system:public-info-viewer lets even anonymous callers read these.
            if (path.StartsWith("/version", StringComparison.Ordinal))
            {
                await JsonIo.WriteAsync(ctx, 200, DiscoveryDocuments.Version(), ct);
            }
            else
            {
                ctx.Response.ContentType = "text/plain";
                await ctx.Response.WriteAsync("ok", ct);
            }
            return;
        }
        if (user is null)
        {
            throw Errors.Unauthorized();
        }
        user = Impersonate(ctx.Request, user);
        if (segments.Length >= 1 && segments[0] == "openapi")
        {
            await ServeOpenApiAsync(ctx, segments, ct);
            return;
        }
        if (segments.Length == 0 || segments[0] is not ("api" or "apis"))
        {
            throw Errors.PathNotFound();
        }
        var isCore = segments[0] == "api";
        var gvLength = isCore ? 2 : 3;
        if (segments.Length < gvLength)
        {
            await ServeDiscoveryAsync(ctx, segments, ct);
            return;
        }
        var group = isCore ? "" : segments[1];
        var version = isCore ? segments[1] : segments[2];
        var rest = segments[gvLength..];
        if (rest.Length == 0)
        {
            var list = _discovery.ResourceList(group, version) ?? throw Errors.PathNotFound();
            await JsonIo.WriteAsync(ctx, 200, list, ct);
            return;
        }
        if (body.Length > 0 && (ctx.Request.ContentType ?? "").Contains("protobuf", StringComparison.OrdinalIgnoreCase))
        {
            body = ProtobufBodies.ToJson(body);
        }
        var request = Parse(ctx, user, body, group, version, rest);
        if (_faults.Enabled)
        {
            await InjectVerbFaultAsync(ctx, request.Verb, ct);
        }
        Authorize(request);
        if (request.Verb is "create" or "update" or "patch" or "delete" or "deletecollection")
        {
            request.DryRun = DryRunOption.Read(request.Verb, request.DryRunValues);
        }
        await DispatchAsync(request, ct);
    }

    private ApiRequest Parse(HttpContext ctx, UserInfo user, byte[] body, string group, string version, string[] rest)
    {
        string? ns = null;
        if (rest.Length >= 3 && rest[0] == "namespaces" && _catalog.Find(group, version, rest[2]) is { Namespaced: true })
        {
            ns = rest[1];
            rest = rest[2..];
        }
        var resource = _catalog.Find(group, version, rest[0]) ?? throw Errors.PathNotFound();
        if (resource.Namespaced == false && ns is not null)
        {
            throw Errors.PathNotFound();
        }
        var name = rest.Length > 1 ? Uri.UnescapeDataString(rest[1]) : null;
        var sub = rest.Length > 2 ? rest[2] : null;
        if (rest.Length > 3 || (sub is not null && !resource.Subresources.Contains(sub)))
        {
            throw Errors.PathNotFound();
        }
        var method = ctx.Request.Method;
        var isWatch = IsWatch(ctx.Request);
        var verb = (method, name) switch
        {
            ("GET", null) => isWatch ? "watch" : "list",
            ("GET", _) => isWatch ? "watch" : "get",
            ("POST", null) => "create",
            ("PUT", not null) => "update",
            ("PATCH", not null) => "patch",
            ("DELETE", null) => "deletecollection",
            ("DELETE", not null) => "delete",
            // TokenRequest: POST to serviceaccounts/{name}/token creates (authorized as create on serviceaccounts/token).
            ("POST", not null) when sub == "token" => "create",
            _ => throw Errors.MethodNotAllowed(),
        };
        if ((resource.IsReview || sub == "token") && verb != "create")
        {
            throw Errors.MethodNotAllowed();
        }
        if (!resource.Verbs.Contains(verb) && sub is null && verb != "watch")
        {
            throw Errors.MethodNotAllowed();
        }
        return new ApiRequest { Http = ctx, Resource = resource, Namespace = ns, Name = name, Subresource = sub, Verb = verb, User = user, Body = body };
    }

    /// <summary>Impersonate-User / Impersonate-Group (SEMANTICS.md §13): the caller needs verb impersonate.</summary>
    private UserInfo Impersonate(HttpRequest http, UserInfo caller)
    {
        var target = http.Headers["Impersonate-User"].ToString();
        var groups = http.Headers["Impersonate-Group"].Where(g => !string.IsNullOrEmpty(g)).Select(g => g!).ToList();
        if (target.Length == 0)
        {
            if (groups.Count > 0)
            {
                throw Errors.BadRequest("requested [Impersonate-Group] without impersonating a user");
            }
            return caller;
        }
        var checks = new List<(string Resource, string Name)> { ("users", target) };
        checks.AddRange(groups.Select(g => ("groups", g)));
        foreach (var (resource, name) in checks)
        {
            var attributes = new RequestAttributes("impersonate", "", resource, null, null, name, null);
            if (!caller.Groups.Contains("system:masters") && !(_options.EnforceRbac == false || _authorizer.Authorize(caller, attributes).Allowed))
            {
                throw new ApiException(403, "Forbidden", $"{resource} \"{name}\" is forbidden: User \"{caller.Name}\" cannot impersonate resource \"{resource}\" in API group \"\" at the cluster scope",
                    new System.Text.Json.Nodes.JsonObject { ["name"] = name, ["kind"] = resource });
            }
        }
        groups.Add("system:authenticated");
        return new UserInfo(target, groups.Distinct().ToList());
    }

    private void Authorize(ApiRequest request)
    {
        if (!_options.EnforceRbac || request.User.Groups.Contains("system:masters") || request.Resource.IsReview && request.Resource.Plural == "selfsubjectaccessreviews")
        {
            return;
        }
        var attributes = new RequestAttributes(request.Verb, request.Resource.Group, request.Resource.Plural, request.Subresource, request.Namespace, request.Name, null);
        if (_authorizer.Authorize(request.User, attributes).Allowed)
        {
            return;
        }
        var r = request.Resource;
        var resourceText = request.Subresource is null ? r.Plural : $"{r.Plural}/{request.Subresource}";
        var scope = request.Namespace is null ? "at the cluster scope" : $"in the namespace \"{request.Namespace}\"";
        var subject = request.Name is null ? r.QualifiedName : $"{r.QualifiedName} \"{request.Name}\"";
        throw Errors.Forbidden(r, subject, request.Name ?? "",
            $"User \"{request.User.Name}\" cannot {request.Verb} resource \"{resourceText}\" in API group \"{r.Group}\" {scope}");
    }

    private Task DispatchAsync(ApiRequest request, CancellationToken ct) => request.Verb switch
    {
        "get" => GetAsync(request, ct),
        "list" => ListAsync(request, ct),
        "watch" => WatchAsync(request, ct),
        "create" when request.Resource.IsReview => ReviewAsync(request, ct),
        "create" when request.Subresource == "token" => TokenRequestAsync(request, ct),
        "create" => CreateAsync(request, ct),
        "update" => UpdateAsync(request, ct),
        "patch" => PatchAsync(request, ct),
        "delete" => DeleteAsync(request, ct),
        "deletecollection" => DeleteCollectionAsync(request, ct),
        _ => throw Errors.MethodNotAllowed(),
    };

    private async Task ServeDiscoveryAsync(HttpContext ctx, string[] segments, CancellationToken ct)
    {
        var host = ctx.Request.Host.ToString();
        var doc = segments switch
        {
            ["api"] => DiscoveryDocuments.ApiVersions(host),
            ["apis"] => _discovery.ApiGroupList(),
            ["apis", var g] => _discovery.ApiGroup(g),
            _ => null,
        };
        await JsonIo.WriteAsync(ctx, 200, doc ?? throw Errors.PathNotFound(), ct);
    }

    private async Task ServeOpenApiAsync(HttpContext ctx, string[] segments, CancellationToken ct)
    {
        if (segments.Length < 2 || segments[1] != "v3")
        {
            // No /openapi/v2: kubectl falls back to v3 first, and the real v2 is protobuf we cannot serve.
            throw Errors.PathNotFound();
        }
        if (segments.Length == 2)
        {
            await JsonIo.WriteAsync(ctx, 200, _openApi.Index(), ct);
            return;
        }
        var doc = _openApi.Document(string.Join('/', segments[2..])) ?? throw Errors.PathNotFound();
        await JsonIo.WriteBytesAsync(ctx, 200, doc, ct);
    }

    private static bool IsWatch(HttpRequest request) =>
        request.Query.TryGetValue("watch", out var w) && (w == "1" || w == "true");
}
