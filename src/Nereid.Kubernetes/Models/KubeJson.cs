using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Nereid.Kubernetes.Models;

/// <summary>
/// The one set of JSON options for the API: camelCase, nulls never written, source-generated metadata for the
/// typed models (no reflection on the hot path) with a reflection fallback for caller-defined kinds.
/// </summary>
public static class KubeJson
{
    /// <summary>Shared, immutable options. Never create per-request options: they cache metadata.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Metadata for <typeparamref name="T"/> from <see cref="Options"/>.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(KubeJsonContext.Default.Options)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(KubeJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };
        options.MakeReadOnly();
        return options;
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Status))]
[JsonSerializable(typeof(ObjectMeta))]
[JsonSerializable(typeof(PartialObjectMetadata))]
[JsonSerializable(typeof(KubeList<PartialObjectMetadata>))]
[JsonSerializable(typeof(UnstructuredObject))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(KubeList<UnstructuredObject>))]
[JsonSerializable(typeof(Namespace))]
[JsonSerializable(typeof(KubeList<Namespace>))]
[JsonSerializable(typeof(Pod))]
[JsonSerializable(typeof(KubeList<Pod>))]
[JsonSerializable(typeof(Node))]
[JsonSerializable(typeof(KubeList<Node>))]
[JsonSerializable(typeof(PersistentVolumeClaim))]
[JsonSerializable(typeof(KubeList<PersistentVolumeClaim>))]
[JsonSerializable(typeof(ResourceQuota))]
[JsonSerializable(typeof(KubeList<ResourceQuota>))]
[JsonSerializable(typeof(LimitRange))]
[JsonSerializable(typeof(KubeList<LimitRange>))]
[JsonSerializable(typeof(Role))]
[JsonSerializable(typeof(KubeList<Role>))]
[JsonSerializable(typeof(RoleBinding))]
[JsonSerializable(typeof(KubeList<RoleBinding>))]
[JsonSerializable(typeof(ClusterRole))]
[JsonSerializable(typeof(KubeList<ClusterRole>))]
[JsonSerializable(typeof(ClusterRoleBinding))]
[JsonSerializable(typeof(KubeList<ClusterRoleBinding>))]
[JsonSerializable(typeof(NetworkPolicy))]
[JsonSerializable(typeof(KubeList<NetworkPolicy>))]
[JsonSerializable(typeof(StorageClass))]
[JsonSerializable(typeof(KubeList<StorageClass>))]
[JsonSerializable(typeof(Lease))]
[JsonSerializable(typeof(KubeList<Lease>))]
[JsonSerializable(typeof(SelfSubjectAccessReview))]
[JsonSerializable(typeof(SubjectAccessReview))]
[JsonSerializable(typeof(Deployment))]
[JsonSerializable(typeof(KubeList<Deployment>))]
[JsonSerializable(typeof(Job))]
[JsonSerializable(typeof(KubeList<Job>))]
[JsonSerializable(typeof(StatefulSet))]
[JsonSerializable(typeof(KubeList<StatefulSet>))]
[JsonSerializable(typeof(CronJob))]
[JsonSerializable(typeof(KubeList<CronJob>))]
internal sealed partial class KubeJsonContext : JsonSerializerContext;
