using System.Text.Json;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.Meshes;

/// <summary>One perfSONAR testpoint: a labelled node of one cluster and the facts the meshes group it by.</summary>
/// <param name="Cluster">The cluster it runs in.</param>
/// <param name="Node">The node's name.</param>
/// <param name="Address">The address other testpoints reach it at.</param>
/// <param name="Region">Its region label, if any.</param>
/// <param name="Site">Its site label, if any.</param>
/// <param name="Capacity">Its network capacity label, if any.</param>
internal sealed record MeshHost(string Cluster, string Node, string Address, string? Region, string? Site, string? Capacity)
{
    /// <summary>The host's address name in the documents (unique across clusters).</summary>
    public string Name => $"{Cluster}.{Node}";

    /// <summary>The label the given mesh groups this host by, or null when it lacks it.</summary>
    public string? GroupValue(MeshKind kind) => kind switch
    {
        MeshKind.Region => Region,
        MeshKind.Site => Site,
        MeshKind.Capacity => Capacity,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown mesh."),
    };

    /// <summary>The testpoints among <paramref name="nodes"/> of <paramref name="cluster"/>.</summary>
    public static IEnumerable<MeshHost> From(string cluster, IEnumerable<Node> nodes, MeshOptions options)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var node in nodes)
        {
            var labels = node.Metadata.Labels;
            if (labels is null || !labels.TryGetValue(options.HostLabel, out var flag) || string.Equals(flag, "false", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var name = node.Metadata.Name!;
            yield return new MeshHost(cluster, name, AddressOf(node, options.AddressTypes) ?? name, labels.GetValueOrDefault(options.RegionLabel),
                labels.GetValueOrDefault(options.SiteLabel), labels.GetValueOrDefault(options.CapacityLabel));
        }
    }

    // status.addresses is not among the typed fields; it rides in the extension data.
    private static string? AddressOf(Node node, IReadOnlyList<string> types)
    {
        if (node.Status?.ExtensionData?.GetValueOrDefault("addresses") is not { ValueKind: JsonValueKind.Array } addresses)
        {
            return null;
        }
        var byType = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in addresses.EnumerateArray())
        {
            if (a.TryGetProperty("type", out var t) && a.TryGetProperty("address", out var v) && t.GetString() is { } type && v.GetString() is { Length: > 0 } value)
            {
                byType.TryAdd(type, value);
            }
        }
        return types.Select(byType.GetValueOrDefault).FirstOrDefault(a => a is not null);
    }
}

/// <summary>The published meshes: one document per grouping.</summary>
internal enum MeshKind
{
    /// <summary>One group per region.</summary>
    Region,

    /// <summary>One group per site.</summary>
    Site,

    /// <summary>One group per network capacity.</summary>
    Capacity,
}
