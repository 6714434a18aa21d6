using System.Text.Json;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Informers;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.Clusters;

/// <summary>
/// One kind Nereid owns in every cluster: its resource type, whether it lives inside the namespace, and how to apply,
/// delete and watch it. Rows are built by <see cref="OwnedKinds"/>; nothing else switches on the kind.
/// </summary>
internal sealed class OwnedKind
{
    private readonly Func<IKubeClient, KubeObject, byte[], ApplyOptions, CancellationToken, Task<KubeObject>> _apply;
    private readonly Func<KubeObject, byte[]> _serialize;
    private readonly Func<SharedInformers, InformerOptions, Action<KubeObject, bool>, IOwnedInformer> _inform;
    private readonly Func<IKubeClient, string?, string, CancellationToken, Task<KubeObject?>> _get;
    private readonly Func<IKubeClient, string?, ListOptions, CancellationToken, Task<IReadOnlyList<KubeObject>>> _list;

    private OwnedKind(Type modelType, ResourceType type,
        Func<IKubeClient, KubeObject, byte[], ApplyOptions, CancellationToken, Task<KubeObject>> apply,
        Func<KubeObject, byte[]> serialize,
        Func<SharedInformers, InformerOptions, Action<KubeObject, bool>, IOwnedInformer> inform,
        Func<IKubeClient, string?, string, CancellationToken, Task<KubeObject?>> get,
        Func<IKubeClient, string?, ListOptions, CancellationToken, Task<IReadOnlyList<KubeObject>>> list)
    {
        _get = get;
        _list = list;
        ModelType = modelType;
        Type = type;
        _apply = apply;
        _serialize = serialize;
        _inform = inform;
    }

    /// <summary>The Kubernetes kind (<c>RoleBinding</c>).</summary>
    public string Kind => Type.Kind;

    /// <summary>The model class of the kind.</summary>
    public Type ModelType { get; }

    /// <summary>Where the kind is served.</summary>
    public ResourceType Type { get; }

    /// <summary>False for the Namespace itself, which must exist before everything else and holds them.</summary>
    public bool Namespaced => Type.Namespaced;

    /// <summary>Builds the row for model type <typeparamref name="T"/>.</summary>
    public static OwnedKind Of<T>()
        where T : KubeObject
    {
        var type = ResourceType.Of<T>();
        return new OwnedKind(typeof(T), type,
            async (client, obj, json, options, ct) => await client.ApplyAsync<T>(type, obj.Metadata.Namespace, obj.Metadata.Name!, json, options, ct),
            obj =>
            {
                obj.ApiVersion ??= type.ApiVersion;
                obj.Kind ??= type.Kind;
                return JsonSerializer.SerializeToUtf8Bytes((T)obj, KubeJson.TypeInfo<T>());
            },
            // The reconciler reads its own objects' metadata only (version, stamp, managedFields, deletion): their
            // informers hold and decode nothing else, and `nereid ns diff` reads the live objects.
            (informers, options, onChange) => new OwnedInformer<PartialObjectMetadata>(informers.For<PartialObjectMetadata>(type, options), onChange),
            async (client, ns, name, ct) => await client.GetAsync<T>(type, ns, name, ct),
            async (client, ns, options, ct) => (await client.ListAsync<T>(type, ns, options, ct)).Items);
    }

    /// <summary>Reads one object of this kind live from the API server; null when it does not exist.</summary>
    public Task<KubeObject?> GetAsync(IKubeClient client, string? ns, string name, CancellationToken cancellationToken) =>
        _get(client, Namespaced ? ns : null, name, cancellationToken);

    /// <summary>Lists one page of this kind live in namespace <paramref name="ns"/>.</summary>
    public Task<IReadOnlyList<KubeObject>> ListAsync(IKubeClient client, string? ns, ListOptions options, CancellationToken cancellationToken) =>
        _list(client, Namespaced ? ns : null, options, cancellationToken);

    /// <summary>
    /// The apply body of <paramref name="obj"/> (which must be of this kind, without managedFields): UTF-8 JSON with
    /// apiVersion and kind, exactly what <see cref="ApplyAsync"/> sends, so it is serialized once per apply.
    /// </summary>
    public byte[] Serialize(KubeObject obj) => _serialize(obj);

    /// <summary>Server-side apply of <paramref name="obj"/>, sending <paramref name="json"/> (from <see cref="Serialize"/>).</summary>
    public Task<KubeObject> ApplyAsync(IKubeClient client, KubeObject obj, byte[] json, ApplyOptions options, CancellationToken cancellationToken) =>
        _apply(client, obj, json, options, cancellationToken);

    /// <summary>The same apply, reading only the stored object's version from the answer.</summary>
    public Task<StoredVersion> ApplyVersionAsync(IKubeClient client, KubeObject obj, byte[] json, ApplyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(obj);
        return client.ApplyVersionAsync(Type, obj.Metadata.Namespace, obj.Metadata.Name!, json, options, cancellationToken);
    }

    /// <summary>Deletes one object of this kind; true when it existed.</summary>
    public Task<bool> DeleteAsync(IKubeClient client, string? ns, string name, CancellationToken cancellationToken) =>
        client.DeleteAsync(Type, Namespaced ? ns : null, name, null, cancellationToken);

    /// <summary>The cluster's shared informer of this kind, with a handler; <paramref name="onChange"/> gets (object, deleted).</summary>
    public IOwnedInformer Inform(SharedInformers informers, InformerOptions options, Action<KubeObject, bool> onChange) =>
        _inform(informers, options, onChange);

    /// <summary>The identity of one object of this kind, as <see cref="AppliedObjects"/> keys it.</summary>
    public string Id(string? ns, string name) => AppliedObjects.Id(Kind, Namespaced ? ns : null, name);

    /// <inheritdoc />
    public override string ToString() => Kind;
}
