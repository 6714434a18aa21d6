namespace Nereid.Kubernetes.Models;

/// <summary>
/// An object of any kind read as its metadata only (<c>meta.k8s.io/v1</c> PartialObjectMetadata). Reading a kind as this
/// type makes the client ask the apiserver for the metadata form (client-go's metadata client, controller-runtime's
/// metadata-only watches): lists, gets and watch events then carry no spec or status, which a reader that needs only
/// names, labels, annotations, versions and managedFields neither receives nor decodes.
/// </summary>
public sealed class PartialObjectMetadata : KubeObject
{
    /// <summary>The apiVersion of the metadata form.</summary>
    public const string MetaApiVersion = "meta.k8s.io/v1";

    /// <summary>Accept header of a get or a watch (each event's object), with plain JSON last as the apiserver allows.</summary>
    internal const string AcceptObject = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";

    /// <summary>Accept header of a list.</summary>
    internal const string AcceptList = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";

    /// <summary>Creates an empty metadata object.</summary>
    public PartialObjectMetadata()
        : base(MetaApiVersion, "PartialObjectMetadata")
    {
    }

    /// <summary>The Accept header a read of <typeparamref name="T"/> sends: the metadata form for this type, else the client's default.</summary>
    internal static string? AcceptFor<T>(bool list) => typeof(T) == typeof(PartialObjectMetadata) ? (list ? AcceptList : AcceptObject) : null;
}
