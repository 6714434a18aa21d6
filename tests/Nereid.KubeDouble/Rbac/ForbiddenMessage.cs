namespace Nereid.KubeDouble.Rbac;

/// <summary>
/// The message of a 403 <c>Forbidden</c> Status, worded exactly as the apiserver's
/// <c>forbiddenMessage</c> + <c>NewForbidden</c> produce it.
/// </summary>
public static class ForbiddenMessage
{
    /// <summary>
    /// E.g. <c>pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"</c>,
    /// <c>namespaces "x" is forbidden: User "jane" cannot get resource "namespaces" in API group "" at the cluster scope</c>,
    /// <c>forbidden: User "jane" cannot get path "/metrics"</c>. A non-empty authorizer reason is appended by the caller as <c>: reason</c>.
    /// </summary>
    public static string For(UserInfo user, RequestAttributes request)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        if (!request.IsResourceRequest)
        {
            return $"forbidden: User {Q(user.Name)} cannot {request.Verb} path {Q(request.NonResourcePath!)}";
        }

        var resource = string.IsNullOrEmpty(request.Subresource) ? request.Resource : $"{request.Resource}/{request.Subresource}";
        var scope = string.IsNullOrEmpty(request.Namespace) ? "at the cluster scope" : $"in the namespace {Q(request.Namespace)}";
        var detail = $"User {Q(user.Name)} cannot {request.Verb} resource {Q(resource)} in API group {Q(request.ApiGroup)} {scope}";

        // schema.GroupResource.String(): "pods" for core, "roles.rbac.authorization.k8s.io" otherwise.
        var qualified = request.ApiGroup.Length == 0 ? request.Resource : $"{request.Resource}.{request.ApiGroup}";
        if (qualified.Length == 0)
        {
            return $"forbidden: {detail}";
        }

        return string.IsNullOrEmpty(request.Name) ? $"{qualified} is forbidden: {detail}" : $"{qualified} {Q(request.Name)} is forbidden: {detail}";
    }

    private static string Q(string text) => Schema.SchemaWalker.Quote(text);
}
