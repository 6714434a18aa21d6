using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nereid.Kubernetes.Models;

/// <summary>
/// Base of every Kubernetes object: apiVersion, kind and metadata. Unknown top-level fields land in
/// <see cref="ExtensionData"/> so a read-modify-write round trip loses nothing.
/// </summary>
public class KubeObject
{
    /// <summary>Creates an object with empty metadata.</summary>
    public KubeObject()
    {
    }

    /// <summary>Creates an object with the given apiVersion and kind preset, as typed kinds do.</summary>
    protected KubeObject(string apiVersion, string kind)
    {
        ApiVersion = apiVersion;
        Kind = kind;
    }

    [JsonPropertyOrder(-3)]
    public string? ApiVersion { get; set; }

    [JsonPropertyOrder(-2)]
    public string? Kind { get; set; }

    [JsonPropertyOrder(-1)]
    public ObjectMeta Metadata { get; set; } = new();

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The cache key used by informers and work queues: <c>namespace/name</c>, or <c>name</c> when cluster-scoped.</summary>
    [JsonIgnore]
    public string Key => string.IsNullOrEmpty(Metadata.Namespace) ? Metadata.Name ?? "" : $"{Metadata.Namespace}/{Metadata.Name}";
}

/// <summary>A list response (<c>{Kind}List</c>): list metadata and the items.</summary>
public sealed class KubeList<T>
    where T : KubeObject
{
    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }
    public ListMeta Metadata { get; set; } = new();
    public List<T> Items { get; set; } = [];
}
