namespace Nereid.KubeDouble.Rbac;

/// <summary>What a request asks to do, as the apiserver's request-info resolver derives it from the URL and method.</summary>
/// <param name="Verb">get, list, watch, create, update, patch, delete, deletecollection, impersonate, ... (non-resource: the lower-case HTTP method, e.g. get).</param>
/// <param name="ApiGroup">API group; empty string for the core group.</param>
/// <param name="Resource">Plural resource, e.g. <c>pods</c>; empty for non-resource requests.</param>
/// <param name="Subresource">Subresource such as <c>log</c> or <c>status</c>, or null.</param>
/// <param name="Namespace">Namespace of the request, or null at the cluster scope.</param>
/// <param name="Name">Object name, or null for collection requests (list, watch, create).</param>
/// <param name="NonResourcePath">Set (e.g. <c>/version</c>) for non-resource requests; then the resource fields are ignored.</param>
public sealed record RequestAttributes(string Verb, string ApiGroup, string Resource, string? Subresource, string? Namespace, string? Name, string? NonResourcePath)
{
    /// <summary>True when the request targets an API resource rather than a plain path.</summary>
    public bool IsResourceRequest => NonResourcePath is null;
}
