using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Nereid.Kubernetes.Config;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Watch;

namespace Nereid.Kubernetes.Client;

/// <summary>
/// The Kubernetes REST client: one pooled HTTP handler, source-generated JSON, bounded concurrency and retries
/// with backoff (see <see cref="KubernetesClientOptions"/>). Thread-safe; create one per cluster and share it.
/// </summary>
public sealed partial class KubeClient : IKubeClient, IDisposable
{
    private const string JsonContentType = "application/json";

    private readonly HttpClient _http;
    private readonly IKubeCredentialProvider? _credentials;
    private readonly KubernetesClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<KubeClient> _logger;
    private readonly SemaphoreSlim _slots;

    /// <summary>Creates a client for <paramref name="connection"/> with its own pooled TLS handler.</summary>
    public KubeClient(KubeClusterConnection connection, KubernetesClientOptions options, TimeProvider timeProvider, ILogger<KubeClient> logger)
        : this(connection, options, timeProvider, logger, KubeHttpHandlerFactory.Create(connection, options))
    {
    }

    /// <summary>Creates a client sending through <paramref name="handler"/> (tests, custom transports). The client owns it.</summary>
    public KubeClient(KubeClusterConnection connection, KubernetesClientOptions options, TimeProvider timeProvider, ILogger<KubeClient> logger, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(handler);
        _credentials = connection.Credentials;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxConcurrentRequests, options.MaxConcurrentRequests);
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = connection.Server,
            // Per-attempt timeouts come from the injected TimeProvider; watches must not time out here.
            Timeout = Timeout.InfiniteTimeSpan,
        };

        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        _http.DefaultRequestHeaders.Accept.ParseAdd(JsonContentType);
    }

    /// <inheritdoc />
    public Task<T?> GetAsync<T>(ResourceType type, string? ns, string name, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(type);
        var request = new KubeRequest("GET", HttpMethod.Get, type.ItemPath(ns, name), Accept: PartialObjectMetadata.AcceptFor<T>(list: false));
        return SendAsync<T?>(request, Read<T?>, allowNotFound: true, cancellationToken);
    }

    /// <inheritdoc />
    public Task<KubeList<T>> ListAsync<T>(ResourceType type, string? ns, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(type);
        var path = new QueryBuilder(type.CollectionPath(ns))
            .Add("labelSelector", options?.LabelSelector)
            .Add("fieldSelector", options?.FieldSelector)
            .Add("limit", options?.Limit)
            .Add("continue", options?.Continue)
            .Add("resourceVersion", options?.ResourceVersion)
            .ToString();
        return SendAsync(new KubeRequest("LIST", HttpMethod.Get, path, Accept: PartialObjectMetadata.AcceptFor<T>(list: true)), Read<KubeList<T>>, false, cancellationToken)!;
    }

    /// <inheritdoc />
    public Task<T> CreateAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        if (type.Namespaced && string.IsNullOrEmpty(obj.Metadata.Namespace))
        {
            throw new ArgumentException($"{type.Kind} is namespaced; set metadata.namespace.", nameof(obj));
        }
        // POST is not idempotent (a retried create may answer AlreadyExists for our own write), so only 429 is retried.
        var request = new KubeRequest("CREATE", HttpMethod.Post, type.CollectionPath(obj.Metadata.Namespace),
            Serialize(type, obj), JsonContentType, Retryable: false);
        return SendAsync(request, Read<T>, false, cancellationToken)!;
    }

    /// <inheritdoc />
    public Task<T> CreateSubresourceAsync<T>(ResourceType type, string? ns, string name, string subresource, T obj, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(subresource);
        ArgumentNullException.ThrowIfNull(obj);
        // Like any create, a retried POST may have taken effect (a second token issued), so only 429 is retried.
        var request = new KubeRequest("CREATE", HttpMethod.Post, type.ItemPath(ns, name, subresource),
            Serialize(type, obj), JsonContentType, Retryable: false);
        return SendAsync(request, Read<T>, false, cancellationToken)!;
    }

    /// <inheritdoc />
    public Task<T> UpdateAsync<T>(ResourceType type, T obj, string? subresource = null, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        var path = type.ItemPath(obj.Metadata.Namespace, obj.Metadata.Name!, subresource);
        var request = new KubeRequest("UPDATE", HttpMethod.Put, path, Serialize(type, obj), JsonContentType);
        return SendAsync(request, Read<T>, false, cancellationToken)!;
    }

    /// <inheritdoc />
    public Task<T> PatchAsync<T>(ResourceType type, string? ns, string name, string patch, PatchType patchType = PatchType.Merge, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(patch);
        var contentType = patchType switch
        {
            PatchType.Json => "application/json-patch+json",
            PatchType.StrategicMerge => "application/strategic-merge-patch+json",
            _ => "application/merge-patch+json",
        };
        var request = new KubeRequest("PATCH", HttpMethod.Patch, type.ItemPath(ns, name), Encoding.UTF8.GetBytes(patch),
            contentType, Retryable: patchType == PatchType.Merge);
        return SendAsync(request, Read<T>, false, cancellationToken)!;
    }

    /// <inheritdoc />
    public Task<T> ApplyAsync<T>(ResourceType type, T obj, ApplyOptions options, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        return ApplyAsync<T>(type, obj.Metadata.Namespace, obj.Metadata.Name!, SerializeForApply(type, obj), options, cancellationToken);
    }

    /// <inheritdoc />
    public Task<T> ApplyAsync<T>(ResourceType type, string? ns, string name, byte[] json, ApplyOptions options, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        return SendAsync(ApplyRequest(type, ns, name, json, options), Read<T>, false, cancellationToken)!;
    }

    /// <inheritdoc />
    public Task<StoredVersion> ApplyVersionAsync(ResourceType type, string? ns, string name, byte[] json, ApplyOptions options, CancellationToken cancellationToken = default) =>
        SendAsync(ApplyRequest(type, ns, name, json, options), static (_, body) => StoredVersion.Read(body), false, cancellationToken)!;

    private static KubeRequest ApplyRequest(ResourceType type, string? ns, string name, byte[] json, ApplyOptions options)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.FieldManager);
        var path = new QueryBuilder(type.ItemPath(ns, name))
            .Add("fieldManager", options.FieldManager)
            .Add("fieldValidation", "Strict")
            .Add("force", options.Force ? "true" : "false")
            .Add("dryRun", options.DryRun ? "All" : null)
            .ToString();
        // JSON is valid YAML, so the apply body is plain JSON under the apply content type.
        return new KubeRequest("APPLY", HttpMethod.Patch, path, json, "application/apply-patch+yaml");
    }

    /// <inheritdoc />
    public Task<IReadOnlySet<string>?> ServedResourcesAsync(string group, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentException.ThrowIfNullOrEmpty(version);
        var path = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
        return SendAsync(new KubeRequest("DISCOVERY", HttpMethod.Get, path), static (_, body) => ResourceNames(body), allowNotFound: true,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(ResourceType type, string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        var body = options is null ? null : DeleteOptionsWriter.Write(options);
        var request = new KubeRequest("DELETE", HttpMethod.Delete, type.ItemPath(ns, name), body, body is null ? null : JsonContentType);
        return SendAsync(request, static (response, _) => response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted,
            allowNotFound: true, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _slots.Dispose();
    }

    private static byte[] Serialize<T>(ResourceType type, T obj)
        where T : KubeObject
    {
        obj.ApiVersion ??= type.ApiVersion;
        obj.Kind ??= type.Kind;
        return JsonSerializer.SerializeToUtf8Bytes(obj, KubeJson.TypeInfo<T>());
    }

    /// <summary>The apiserver rejects an apply carrying managedFields (as an object read back from it does), so drop them.</summary>
    private static byte[] SerializeForApply<T>(ResourceType type, T obj)
        where T : KubeObject
    {
        var bytes = Serialize(type, obj);
        if (obj.Metadata.ManagedFields is null)
        {
            return bytes;
        }
        var node = System.Text.Json.Nodes.JsonNode.Parse(bytes)!;
        node["metadata"]!.AsObject().Remove("managedFields");
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    /// <summary>The <c>resources[].name</c> of an APIResourceList.</summary>
    private static IReadOnlySet<string> ResourceNames(ReadOnlySpan<byte> body)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (System.Text.Json.Nodes.JsonNode.Parse(body)?["resources"] is System.Text.Json.Nodes.JsonArray resources)
        {
            foreach (var resource in resources)
            {
                if (resource?["name"]?.GetValue<string>() is { } name)
                {
                    names.Add(name);
                }
            }
        }
        return names;
    }

    /// <summary>Decodes a whole body in one synchronous pass over its bytes (no stream, no resumable parser).</summary>
    private static T Read<T>(HttpResponseMessage response, ReadOnlySpan<byte> body) =>
        JsonSerializer.Deserialize(body, KubeJson.TypeInfo<T>())!;
}
