using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Watch;

namespace Nereid.Kubernetes.Client;

/// <summary>
/// Typed access to the Kubernetes API. Methods take an explicit <see cref="ResourceType"/>;
/// <see cref="KubeClientExtensions"/> adds overloads that look it up from the model type.
/// Errors surface as <see cref="KubeApiException"/>.
/// </summary>
public interface IKubeClient
{
    /// <summary>GET one object; null when it does not exist (404).</summary>
    Task<T?> GetAsync<T>(ResourceType type, string? ns, string name, CancellationToken cancellationToken = default)
        where T : KubeObject;

    /// <summary>GET one page of a collection; <paramref name="ns"/> null lists all namespaces.</summary>
    Task<KubeList<T>> ListAsync<T>(ResourceType type, string? ns, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : KubeObject;

    /// <summary>POST a new object into its namespace (from <c>metadata.namespace</c>); returns the stored object.</summary>
    Task<T> CreateAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken = default)
        where T : KubeObject;

    /// <summary>
    /// POST <paramref name="obj"/> to a create-only subresource of an object (<c>serviceaccounts/{name}/token</c>) and
    /// read the answer, which has the request's type.
    /// </summary>
    Task<T> CreateSubresourceAsync<T>(ResourceType type, string? ns, string name, string subresource, T obj, CancellationToken cancellationToken = default)
        where T : KubeObject;

    /// <summary>PUT the whole object (optionally a subresource such as <c>status</c>); its resourceVersion is the precondition.</summary>
    Task<T> UpdateAsync<T>(ResourceType type, T obj, string? subresource = null, CancellationToken cancellationToken = default)
        where T : KubeObject;

    /// <summary>PATCH with a JSON merge patch (RFC 7386, <c>null</c> deletes a field) or another patch flavour.</summary>
    Task<T> PatchAsync<T>(ResourceType type, string? ns, string name, string patch, PatchType patchType = PatchType.Merge, CancellationToken cancellationToken = default)
        where T : KubeObject;

    /// <summary>Server-side apply of a partial object (creates it when missing); strict field validation.</summary>
    Task<T> ApplyAsync<T>(ResourceType type, T obj, ApplyOptions options, CancellationToken cancellationToken = default)
        where T : KubeObject;

    /// <summary>
    /// Server-side apply of an object the caller already serialized to UTF-8 JSON (with apiVersion and kind, without
    /// managedFields), so a caller that also hashes or compares the body serializes it once; strict field validation.
    /// </summary>
    Task<T> ApplyAsync<T>(ResourceType type, string? ns, string name, byte[] json, ApplyOptions options, CancellationToken cancellationToken = default)
        where T : KubeObject;

    /// <summary>
    /// Server-side apply of an already serialized object, like <see cref="ApplyAsync{T}(ResourceType, string?, string, byte[], ApplyOptions, CancellationToken)"/>,
    /// reading from the answer only the stored object's version (<see cref="StoredVersion"/>), not the whole object.
    /// </summary>
    Task<StoredVersion> ApplyVersionAsync(ResourceType type, string? ns, string name, byte[] json, ApplyOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Discovery of one group version (<c>GET /apis/{group}/{version}</c>, or <c>/api/v1</c>): the resource names it
    /// serves (plurals and subresources such as <c>serviceaccounts/token</c>), or null when the server does not serve
    /// that group version at all (404: a custom resource whose CRD is not installed).
    /// </summary>
    Task<IReadOnlySet<string>?> ServedResourcesAsync(string group, string version, CancellationToken cancellationToken = default);

    /// <summary>DELETE an object; true when it existed (200 or 202), false on 404.</summary>
    Task<bool> DeleteAsync(ResourceType type, string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watch a collection until the server ends the stream. An expired version throws <see cref="Client.WatchExpiredException"/>.
    /// </summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(ResourceType type, string? ns, WatchOptions options, CancellationToken cancellationToken = default)
        where T : KubeObject;
}

/// <summary>PATCH body flavours.</summary>
public enum PatchType
{
    /// <summary><c>application/merge-patch+json</c> (idempotent, so retried).</summary>
    Merge,

    /// <summary><c>application/json-patch+json</c> (not retried: list operations are not idempotent).</summary>
    Json,

    /// <summary><c>application/strategic-merge-patch+json</c> (built-in kinds only; not retried).</summary>
    StrategicMerge,
}
